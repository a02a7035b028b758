package io.switchboard.bench.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PusherTest {
    @Test
    void theEndpointCarriesTheAppKeyAndProtocol7() {
        assertThat(new Pusher("app-key").path()).isEqualTo("/app/app-key?protocol=7&client=js&version=8.4.0&flash=false");
    }

    @Test
    void subscribesOnceConnectedAndCountsTheSubscriptionOnItsAcknowledgement() {
        TextSession s = new TextSession(new Pusher("k"), "news").start();
        assertThat(s.sent()).isEmpty();

        s.receive("{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":\\\"123.456\\\",\\\"activity_timeout\\\":120}\"}");
        assertThat(s.sent()).containsExactly("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}");

        s.receive("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\"}");
        assertThat(s.events.subscribed).isTrue();
    }

    @Test
    void eventsAreDeliveriesAndPingsAreAnsweredWithPongs() {
        TextSession s = new TextSession(new Pusher("k"), "news").start();
        String delivery = "{\"event\":\"message\",\"channel\":\"news\",\"data\":\"{\\\"t\\\":9,\\\"seq\\\":2,\\\"pad\\\":\\\"x\\\"}\"}";

        s.receive(delivery).receive("{\"event\":\"pusher:ping\",\"data\":{}}");

        assertThat(s.events.publications).containsExactly(delivery);
        assertThat(s.sent()).containsExactly("{\"event\":\"pusher:pong\",\"data\":{}}");
    }

    @Test
    void anErrorFailsTheConnection() {
        TextSession s = new TextSession(new Pusher("k"), "news").start();

        s.receive("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key k does not exist.\"}}");

        assertThat(s.events.failures).hasSize(1);
    }
}
