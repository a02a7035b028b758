package io.switchboard.auth;

import static io.switchboard.auth.TokenException.Kind.INVALID;
import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.claims;
import static io.switchboard.auth.Tokens.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudienceAndIssuerTest {
    private static final TokenVerifier AUDIENCE = new TokenVerifier(new TokenKeys(SECRET, null, null, "app", null));
    private static final TokenVerifier ISSUER = new TokenVerifier(new TokenKeys(SECRET, null, null, null, "auth"));

    private static String token(Object... claims) {
        return TokenIssuer.hs256(SECRET, claims(claims));
    }

    @Test
    void acceptsConfiguredAudienceAsStringOrInArray() throws Exception {
        assertThat(AUDIENCE.verifyConnectionToken(token("sub", "1", "aud", "app")).userId()).isEqualTo("1");
        assertThat(AUDIENCE.verifyConnectionToken(token("sub", "1", "aud", List.of("x", "app"))).userId())
                .isEqualTo("1");
        assertThat(AUDIENCE.verifySubscriptionToken(token("channel", "c", "aud", "app")).channel()).isEqualTo("c");
    }

    @Test
    void rejectsOtherOrMissingAudience() {
        assertThat(verdict(() -> AUDIENCE.verifyConnectionToken(token("aud", "other")))).isEqualTo(INVALID);
        assertThat(verdict(() -> AUDIENCE.verifyConnectionToken(token("aud", List.of())))).isEqualTo(INVALID);
        assertThat(verdict(() -> AUDIENCE.verifyConnectionToken(token("sub", "1")))).isEqualTo(INVALID);
        assertThat(verdict(() -> AUDIENCE.verifySubscriptionToken(token("channel", "c", "aud", "APP"))))
                .isEqualTo(INVALID);
    }

    @Test
    void acceptsConfiguredIssuer() throws Exception {
        assertThat(ISSUER.verifyConnectionToken(token("sub", "1", "iss", "auth")).userId()).isEqualTo("1");
        assertThat(ISSUER.verifySubscriptionToken(token("channel", "c", "iss", "auth")).channel()).isEqualTo("c");
    }

    @Test
    void rejectsOtherOrMissingIssuer() {
        assertThat(verdict(() -> ISSUER.verifyConnectionToken(token("iss", "someone")))).isEqualTo(INVALID);
        assertThat(verdict(() -> ISSUER.verifyConnectionToken(token("sub", "1")))).isEqualTo(INVALID);
        assertThat(verdict(() -> ISSUER.verifySubscriptionToken(token("channel", "c")))).isEqualTo(INVALID);
    }

    @Test
    void ignoresAudienceAndIssuerWhenNotConfigured() throws Exception {
        TokenVerifier plain = new TokenVerifier(TokenKeys.hmac(SECRET));

        assertThat(plain.verifyConnectionToken(token("sub", "1", "aud", "x", "iss", "y")).userId()).isEqualTo("1");
    }
}
