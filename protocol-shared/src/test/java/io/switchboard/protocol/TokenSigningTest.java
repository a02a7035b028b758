package io.switchboard.protocol;

import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token a protocol signs for its client is a connection token every protocol accepts. */
class TokenSigningTest {
    private final Node node = new Node("n", "0", ChannelRules.of(ChannelOptions.DEFAULTS), Engine.of(new MemoryEngine()), 10);

    private ClientAccess access(TokenKeys keys) {
        return new ClientAccess(node, keys, null, false, false, null, Clock.systemUTC());
    }

    @Test
    void aSignedTokenVerifiesWithTheSameKeysAudienceAndIssuer() {
        ClientAccess a = access(new TokenKeys("s3cret", null, null, "aud-1", "iss-1"));
        String jwt = a.signConnectionToken(Map.of("sub", "bob", "exp", Clock.systemUTC().millis() / 1000 + 60));
        ConnectionAccess.Identity id = a.connection().authenticate(jwt);
        assertThat(id.outcome()).isEqualTo(ConnectionAccess.Outcome.AUTHENTICATED);
        assertThat(id.user()).isEqualTo("bob");
        assertThat(access(TokenKeys.hmac("other")).connection().authenticate(jwt).outcome())
                .isEqualTo(ConnectionAccess.Outcome.INVALID_TOKEN);
    }

    @Test
    void withoutAnHmacSecretNothingIsSigned() {
        ClientAccess a = access(new TokenKeys(null, null, null, null, null));
        assertThat(a.signsTokens()).isFalse();
        assertThatThrownBy(() -> a.signConnectionToken(Map.of("sub", "x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replacedKeysRefuseOldTokensAndSignAndVerifyNewOnes() {
        ClientAccess a = access(TokenKeys.hmac("first"));
        long exp = Clock.systemUTC().millis() / 1000 + 60;
        String old = a.signConnectionToken(Map.of("sub", "bob", "exp", exp));
        a.replaceConnectionKeys(TokenKeys.hmac("second"));
        assertThat(a.connection().authenticate(old).outcome()).isEqualTo(ConnectionAccess.Outcome.INVALID_TOKEN);
        String renewed = a.signConnectionToken(Map.of("sub", "bob", "exp", exp));
        assertThat(a.connection().authenticate(renewed).outcome()).isEqualTo(ConnectionAccess.Outcome.AUTHENTICATED);
        assertThat(access(TokenKeys.hmac("second")).connection().authenticate(renewed).outcome())
                .as("signed with the new secret").isEqualTo(ConnectionAccess.Outcome.AUTHENTICATED);
    }
}
