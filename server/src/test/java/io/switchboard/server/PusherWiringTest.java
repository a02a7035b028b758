package io.switchboard.server;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.PusherSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pusher built into the server: off unless given, and when on its channel types and app namespaces are the node's. */
class PusherWiringTest {
    private static final ChannelOptions OPEN = ChannelOptions.openForDevelopment();
    private static final ChannelOptions CHAT = ChannelOptions.builder().presence(true).build();

    @Test
    void offByDefaultForEmbedders() throws Exception {
        try (Switchboard server = Switchboard.builder().port(0).start()) {
            assertThat(server.pusher()).isNull();
            assertThat(server.protocols()).extracting(ProtocolModule::name).doesNotContain("pusher");
            assertThat(server.node().rules().kindOf("presence-lobby")).isNull();
        }
    }

    @Test
    void onItAddsChannelKindsAndANamespaceForEachAppThatDoesNotShareTheCoresNames() throws Exception {
        PusherSettings settings = PusherSettings.of(List.of(PusherApp.development(), PusherApp.of("2", "k2", "s2"),
                PusherApp.of("3", "k3", "s3").withNamespace("chat")));
        try (Switchboard server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, OPEN, Map.of("chat", CHAT)))
                .pusher(settings).start()) {
            assertThat(server.pusher()).isNotNull();
            assertThat(server.protocols()).extracting(ProtocolModule::name).contains("pusher");
            ChannelRules rules = server.node().rules();
            // app-id shares the core's names, app 2 lives in namespace "2" with the options of channels without one
            assertThat(rules.namespaces()).containsOnlyKeys("2", "chat");
            assertThat(rules.optionsFor("2:news")).contains(OPEN);
            assertThat(rules.optionsFor("news")).contains(OPEN);
            // a namespace configured by hand keeps its own options
            assertThat(rules.optionsFor("chat:news")).contains(CHAT);
            assertThat(rules.optionsFor("2:presence-lobby").orElseThrow().presence()).isTrue();
            assertThat(rules.privateByName("private-x")).isTrue();
            assertThat(rules.privateByName("2:private-x")).isTrue();
            assertThat(rules.privateByName("news")).isFalse();
        }
    }
}
