package io.switchboard.auth;

import static io.switchboard.auth.TokenException.Kind.EXPIRED;
import static io.switchboard.auth.TokenException.Kind.INVALID;
import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.claims;
import static io.switchboard.auth.Tokens.signedJson;
import static io.switchboard.auth.Tokens.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenTimeTest {
    private static final long NOW = 1_700_000_000L;
    private static final TokenVerifier VERIFIER = new TokenVerifier(TokenKeys.hmac(SECRET),
            Clock.fixed(Instant.ofEpochSecond(NOW, 500_000_000), ZoneOffset.UTC));

    private static String token(Object... claims) {
        return TokenIssuer.hs256(SECRET, claims(claims));
    }

    @Test
    void reportsExpiredTokenAsExpired() {
        String token = token("sub", "1", "exp", NOW - 60);

        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token))).isEqualTo(EXPIRED);
        assertThat(verdict(() -> VERIFIER.verifySubscriptionToken(token(
                "sub", "1", "channel", "news", "exp", NOW - 60)))).isEqualTo(EXPIRED);
    }

    @Test
    void reportsExpiredTokenFromTheRealClockAsExpired() {
        String token = TokenIssuer.hs256(SECRET, claims("exp", Instant.now().getEpochSecond() - 1));

        assertThat(verdict(() -> new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token)))
                .isEqualTo(EXPIRED);
    }

    @Test
    void comparesExpWithoutLeewayDownToTheFraction() throws Exception {
        // The clock stands at NOW + 0.5s.
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token("exp", NOW)))).isEqualTo(EXPIRED);
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token("exp", NOW + 0.5)))).isEqualTo(EXPIRED);
        assertThat(VERIFIER.verifyConnectionToken(token("exp", NOW + 0.75)).expireAt()).isEqualTo(NOW);
    }

    @Test
    void treatsNotBeforeInTheFutureAsExpiredLikeCentrifugo() {
        // Centrifugo v6 checks exp and nbf together and answers both with "token expired".
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token("sub", "1", "nbf", NOW + 60))))
                .isEqualTo(EXPIRED);
        assertThat(verdict(() -> VERIFIER.verifySubscriptionToken(token("channel", "c", "nbf", NOW + 60))))
                .isEqualTo(EXPIRED);
    }

    @Test
    void acceptsNotBeforeInThePast() throws Exception {
        assertThat(VERIFIER.verifyConnectionToken(token("sub", "1", "nbf", NOW - 60)).userId()).isEqualTo("1");
    }

    @Test
    void expireAtClaimWinsOverExp() throws Exception {
        ConnectionToken connection = VERIFIER.verifyConnectionToken(token("exp", NOW + 60, "expire_at", NOW + 600));
        SubscriptionToken subscription = VERIFIER.verifySubscriptionToken(
                token("channel", "c", "exp", NOW + 60, "expire_at", NOW + 600));

        assertThat(connection.expireAt()).isEqualTo(NOW + 600);
        assertThat(subscription.expireAt()).isEqualTo(NOW + 600);
    }

    @Test
    void expireAtZeroMeansNeverExpiresEvenWithExpInTheFuture() throws Exception {
        assertThat(VERIFIER.verifyConnectionToken(token("exp", NOW + 60, "expire_at", 0)).expireAt()).isZero();
        assertThat(VERIFIER.verifyConnectionToken(token("exp", NOW + 60, "expire_at", -5)).expireAt()).isZero();
        assertThat(VERIFIER.verifySubscriptionToken(token("channel", "c", "exp", NOW + 60, "expire_at", 0))
                .expireAt()).isZero();
    }

    @Test
    void expireAtFallsBackToExpAndThenToNever() throws Exception {
        assertThat(VERIFIER.verifyConnectionToken(token("exp", NOW + 60)).expireAt()).isEqualTo(NOW + 60);
        assertThat(VERIFIER.verifyConnectionToken(token("sub", "1")).expireAt()).isZero();
    }

    @Test
    void expireAtDoesNotRescueATokenWhoseExpHasPassed() {
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token("exp", NOW - 1, "expire_at", NOW + 600))))
                .isEqualTo(EXPIRED);
    }

    @Test
    void acceptsExpGivenAsNumericStringLikeGo() throws Exception {
        assertThat(VERIFIER.verifyConnectionToken(signedJson("{\"exp\":\"1700000060\"}")).expireAt())
                .isEqualTo(NOW + 60);
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(signedJson("{\"exp\":\"1700000060 \"}"))))
                .isEqualTo(INVALID);
    }

    @Test
    void checksChannelClaimOfConnectionTokenBeforeExpiry() {
        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(token("channel", "c", "exp", NOW - 60))))
                .isEqualTo(INVALID);
    }

    @Test
    void checksExpiryOfSubscriptionTokenBeforeItsChannel() {
        assertThat(verdict(() -> VERIFIER.verifySubscriptionToken(token("sub", "1", "exp", NOW - 60))))
                .isEqualTo(EXPIRED);
    }

    @Test
    void checksSignatureBeforeExpiry() {
        String expired = TokenIssuer.hs256("other", claims("exp", NOW - 60));

        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(expired))).isEqualTo(INVALID);
    }
}
