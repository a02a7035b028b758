package io.switchboard.bench.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketClusterTest {
    @Test
    void handshakesThenSubscribesAndCountsTheSubscriptionOnItsReply() {
        TextSession s = new TextSession(new SocketCluster(), "news").start();
        assertThat(s.sent()).containsExactly("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");

        s.receive("{\"rid\":1,\"data\":{\"id\":\"87h2R90HntcLAQYrAAAA\",\"pingTimeout\":20000,\"isAuthenticated\":false}}");
        assertThat(s.sent()).containsExactly("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\"},\"cid\":2}");
        assertThat(s.events.subscribed).isFalse();

        s.receive("{\"rid\":2}");
        assertThat(s.events.subscribed).isTrue();
    }

    @Test
    void publishEventsAreDeliveries() {
        TextSession s = new TextSession(new SocketCluster(), "news").start();
        String delivery = "{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"t\":3,\"seq\":1,\"pad\":\"x\"}}}";

        s.receive(delivery);

        assertThat(s.events.publications).containsExactly(delivery);
    }

    @Test
    void pingsAreAnsweredInTheProtocolVersionTheyCameIn() {
        TextSession s = new TextSession(new SocketCluster(), "news").start();
        s.sent();

        s.receive("").receive("#1");

        assertThat(s.sent()).containsExactly("", "#2");
    }

    @Test
    void aRefusedSubscribeFailsTheConnection() {
        TextSession s = new TextSession(new SocketCluster(), "news").start()
                .receive("{\"rid\":1,\"data\":{\"id\":\"x\",\"pingTimeout\":20000,\"isAuthenticated\":false}}");

        s.receive("{\"rid\":2,\"error\":{\"message\":\"nope\",\"name\":\"ForbiddenChannelError\"}}");

        assertThat(s.events.subscribed).isFalse();
        assertThat(s.events.failures).hasSize(1);
    }
}
