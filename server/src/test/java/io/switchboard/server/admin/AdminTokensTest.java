package io.switchboard.server.admin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static AdminTokens at(Instant instant, String secret) {
        return new AdminTokens(secret, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aTokenHoldsForItsLifetimeUnderItsSecretOnly() {
        String token = at(NOW, "s1").issue();
        assertThat(at(NOW, "s1").valid(token)).isTrue();
        assertThat(at(NOW.plus(AdminTokens.LIFETIME).minusSeconds(1), "s1").valid(token)).isTrue();
        assertThat(at(NOW.plus(AdminTokens.LIFETIME), "s1").valid(token)).as("expired").isFalse();
        assertThat(at(NOW, "s2").valid(token)).as("another secret").isFalse();
    }

    @Test
    void aTokenWithAnotherExpiryOrSignatureIsRefused() {
        AdminTokens tokens = at(NOW, "s1");
        String token = tokens.issue();
        int dot = token.indexOf('.');
        long expiry = Long.parseLong(token.substring(0, dot));
        String later = (expiry + Duration.ofDays(365).toSeconds()) + token.substring(dot);
        assertThat(tokens.valid(later)).isFalse();
        assertThat(tokens.valid(token.substring(0, token.length() - 1))).isFalse();
        assertThat(tokens.valid(token + "A")).isFalse();
        for (String bad : new String[] {"", ".", "x.y", token.substring(dot), "-1" + token.substring(dot)}) {
            assertThat(tokens.valid(bad)).as(bad).isFalse();
        }
        assertThat(tokens.valid(null)).isFalse();
    }
}
