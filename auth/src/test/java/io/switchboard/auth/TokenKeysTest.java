package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenKeysTest {
    @Test
    void isConfiguredOnlyWithAtLeastOneKey() {
        assertThat(new TokenKeys(null, null, null, "aud", "iss").configured()).isFalse();
        assertThat(new TokenKeys("", "", "", null, null).configured()).isFalse();
        assertThat(TokenKeys.hmac("secret").configured()).isTrue();
        assertThat(new TokenKeys(null, "pem", null, null, null).configured()).isTrue();
        assertThat(new TokenKeys(null, null, "pem", null, null).configured()).isTrue();
    }
}
