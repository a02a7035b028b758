package io.switchboard.protocol;

import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelKind;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Channels of a private kind stay private on every protocol, even when the rules open everything (development). */
class PrivateKindAccessTest {
    private static final String SECRET = "secret";
    private final ChannelOptions withPresence = ChannelOptions.openForDevelopment().toBuilder().presence(true).build();
    private final Node node = new Node("n", "test", new ChannelRules(255, withPresence, Map.of(),
            List.of(new ChannelKind("private-", true, null))), Engine.of(new MemoryEngine()), 100);
    private final ChannelAccess insecure = new ClientAccess(node, TokenKeys.hmac(SECRET), null, true, true, null,
            Clock.systemUTC()).channels();

    @Test
    void subscribingNeedsAGrantEvenWhenEverythingIsOpen() {
        assertThat(insecure.subscribe("u", "private-x", null).verdict()).isEqualTo(Verdict.refused(ClientError.PERMISSION_DENIED));
        assertThat(insecure.subscribe("u", "public-x", null).verdict()).isEqualTo(Verdict.ALLOWED);
        String token = TokenIssuer.hs256(SECRET, Map.of("sub", "u", "channel", "private-x"));
        assertThat(insecure.subscribe("u", "private-x", token).verdict()).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void presenceAndHistoryAreReadOnlyBySubscribers() {
        assertThat(insecure.presence("u", "private-x", false)).isEqualTo(Verdict.refused(ClientError.PERMISSION_DENIED));
        assertThat(insecure.presence("u", "private-x", true)).isEqualTo(Verdict.ALLOWED);
        assertThat(insecure.presence("u", "open-x", false)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void publishingIsOnlyForSubscribers() {
        // the insecure setting lets anyone publish anywhere, except into a private kind without a subscription
        assertThat(insecure.publish("u", "private-x", false)).isEqualTo(Verdict.refused(ClientError.PERMISSION_DENIED));
        assertThat(insecure.publish("u", "private-x", true)).isEqualTo(Verdict.ALLOWED);
        assertThat(insecure.publish("u", "open-x", false)).isEqualTo(Verdict.ALLOWED);
    }
}
