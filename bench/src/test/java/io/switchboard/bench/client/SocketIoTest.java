package io.switchboard.bench.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoTest {
    private static final String OPEN =
            "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";

    @Test
    void connectsToTheMainNamespaceOnceTheOpenPacketArrivesAndSubscribesWithAnAck() {
        TextSession s = new TextSession(new SocketIo(true), "news").start();
        assertThat(s.sent()).isEmpty();

        s.receive(OPEN);
        assertThat(s.sent()).containsExactly("40");

        s.receive("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
        assertThat(s.sent()).containsExactly("421[\"subscribe\",{\"channel\":\"news\"}]");
        assertThat(s.events.subscribed).isFalse();

        s.receive("431[]");
        assertThat(s.events.subscribed).isTrue();
    }

    @Test
    void withoutAcksTheSubscriptionCountsOnceSent() {
        TextSession s = new TextSession(new SocketIo(false), "news").start().receive(OPEN)
                .receive("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");

        assertThat(s.sent()).containsExactly("40", "42[\"subscribe\",{\"channel\":\"news\"}]");
        assertThat(s.events.subscribed).isTrue();
    }

    @Test
    void messageEventsAreDeliveriesAndPingsAreAnswered() {
        TextSession s = new TextSession(new SocketIo(true), "news").start();

        s.receive("42[\"message\",\"news\",{\"t\":5,\"seq\":0,\"pad\":\"x\"}]").receive("2");

        assertThat(s.events.publications).containsExactly("42[\"message\",\"news\",{\"t\":5,\"seq\":0,\"pad\":\"x\"}]");
        assertThat(s.sent()).containsExactly("3");
    }

    @Test
    void aRefusedNamespaceConnectFailsTheConnection() {
        TextSession s = new TextSession(new SocketIo(true), "news").start().receive(OPEN);

        s.receive("44{\"message\":\"Invalid namespace\"}");

        assertThat(s.events.failures).containsExactly("44{\"message\":\"Invalid namespace\"}");
    }
}
