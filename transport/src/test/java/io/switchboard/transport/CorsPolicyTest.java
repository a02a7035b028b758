package io.switchboard.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CORS headers of cross-origin HTTP answers, as Engine.IO's Node server and Centrifugo send them. */
class CorsPolicyTest {
    @Test
    void aStarWithoutCredentialsAnswersStar() {
        CorsPolicy any = CorsPolicy.of(List.of("*"), false);
        assertThat(any.headers("https://app.example.com")).containsExactlyEntriesOf(
                java.util.Map.of("Access-Control-Allow-Origin", "*"));
        assertThat(any.headers(null)).containsEntry("Access-Control-Allow-Origin", "*");
    }

    @Test
    void anAllowedOriginIsEchoedWithVaryAndCredentialsWhenAsked() {
        CorsPolicy sub = CorsPolicy.of(List.of("https://*.example.com"), true);
        assertThat(sub.headers("https://app.example.com"))
                .containsEntry("Access-Control-Allow-Origin", "https://app.example.com")
                .containsEntry("Vary", "Origin")
                .containsEntry("Access-Control-Allow-Credentials", "true");
        assertThat(CorsPolicy.of(List.of("*"), true).headers("https://x.test"))
                .containsEntry("Access-Control-Allow-Origin", "https://x.test");
    }

    @Test
    void aRefusedOriginOrNoOriginGetsNoHeaders() {
        CorsPolicy sub = CorsPolicy.of(List.of("https://*.example.com"), false);
        assertThat(sub.allows("https://evil.net")).isFalse();
        assertThat(sub.headers("https://evil.net")).isEmpty();
        assertThat(sub.allows(null)).isTrue();
        assertThat(sub.headers(null)).isEmpty();
        assertThat(CorsPolicy.of(List.of(), false).allows("https://app.example.com")).isFalse();
    }

    @Test
    void aPreflightAllowsAnyMethodAndEchoesTheRequestedHeaders() {
        CorsPolicy sub = CorsPolicy.of(List.of("https://app.example.com"), false);
        assertThat(sub.preflightHeaders("https://app.example.com", "x-token"))
                .containsEntry("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
                .containsEntry("Access-Control-Allow-Headers", "x-token")
                .containsEntry("Vary", "Origin, Access-Control-Request-Headers");
        assertThat(sub.preflightHeaders("https://app.example.com", null)).doesNotContainKey("Access-Control-Allow-Headers");
    }

    @Test
    void statedMethodsAndHeadersGoOnEveryAnswerToAnAllowedOrigin() {
        CorsPolicy stated = CorsPolicy.stating(List.of("https://app.example.com"), "GET, POST, OPTIONS", "Content-Type");
        for (var h : List.of(stated.headers("https://app.example.com"),
                stated.preflightHeaders("https://app.example.com", "x-other"))) {
            assertThat(h).containsEntry("Access-Control-Allow-Origin", "https://app.example.com")
                    .containsEntry("Access-Control-Allow-Credentials", "true")
                    .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .containsEntry("Access-Control-Allow-Headers", "Content-Type")
                    .containsEntry("Vary", "Origin");
        }
        assertThat(stated.headers("https://evil.net")).isEmpty();
    }
}
