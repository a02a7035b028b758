package io.switchboard.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code client.allowed_origins}: whole-origin matches, case-insensitive, {@code *} for any run of characters. */
class OriginPolicyTest {
    @Test
    void requestsWithoutAnOriginPassEvenAnEmptyList() {
        OriginPolicy none = new OriginPolicy(List.of());
        assertThat(none.allows(null)).isTrue();
        assertThat(none.allows("")).isTrue();
    }

    @Test
    void anEmptyListRefusesEveryOrigin() {
        OriginPolicy none = new OriginPolicy(List.of());
        for (String origin : List.of("https://app.example.com", "http://127.0.0.1:8000", "null", "*")) {
            assertThat(none.allows(origin)).as(origin).isFalse();
        }
    }

    @Test
    void anOriginWithoutWildcardsMatchesOnlyItselfInAnyCase() {
        OriginPolicy one = new OriginPolicy(List.of("https://app.example.com"));
        assertThat(one.allows("https://app.example.com")).isTrue();
        assertThat(one.allows("HTTPS://App.Example.COM")).isTrue();
        for (String origin : List.of("http://app.example.com", "https://app.example.com:8443", "https://app.example.co",
                "https://app.example.com.evil.net", "https://xapp.example.com", "https://appxexample.com")) {
            assertThat(one.allows(origin)).as(origin).isFalse(); // '.' is a dot, not any character
        }
    }

    @Test
    void aWildcardStandsForAnyRunOfCharacters() {
        OriginPolicy sub = new OriginPolicy(List.of("https://*.example.com"));
        assertThat(sub.allows("https://app.example.com")).isTrue();
        assertThat(sub.allows("https://a.b.example.com")).isTrue();
        assertThat(sub.allows("https://App.Example.com")).isTrue();
        for (String origin : List.of("https://example.com", "http://app.example.com", "https://app.example.com.evil.net",
                "https://app.example.com:8443", "https://evilexample.com")) {
            assertThat(sub.allows(origin)).as(origin).isFalse();
        }
        OriginPolicy anyPort = new OriginPolicy(List.of("http://localhost:*"));
        assertThat(anyPort.allows("http://localhost:3000")).isTrue();
        assertThat(anyPort.allows("http://localhost")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows("https://anything.at.all")).isTrue();
    }

    @Test
    void anyPatternOfTheListIsEnoughAndRegexCharactersAreLiteral() {
        OriginPolicy list = new OriginPolicy(List.of("https://a+b.example.com", "https://(x).example.com", "http://*.test"));
        assertThat(list.allows("https://a+b.example.com")).isTrue();
        assertThat(list.allows("https://aab.example.com")).isFalse();
        assertThat(list.allows("https://(x).example.com")).isTrue();
        assertThat(list.allows("https://x.example.com")).isFalse();
        assertThat(list.allows("http://shop.test")).isTrue();
        assertThat(list.allows("https://shop.test")).isFalse();
    }
}
