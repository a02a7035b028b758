package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Publication;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.StreamPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live publication that does not follow the subscriber's position ends the subscription with 2500
 * (insufficient state), so the client resubscribes and recovers. The memory engine never makes such a
 * publication (it appends and delivers under one monitor, and keeps its epoch while it runs), so the test
 * hands the hub what a broker that lost a message, or a stream that was recreated, would deliver.
 */
class InsufficientStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        ChannelOptions o = ChannelOptions.openForDevelopment().toBuilder().joinLeave(false).forcePushJoinLeave(false).build();
        server = Switchboard.builder().port(0).channels(ChannelRules.of(o))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A positioned subscriber of {@code channel} that received publication 1; returns it and the epoch. */
    private Map.Entry<WsTestClient, String> subscriberAtOffsetOne(String channel) throws Exception {
        var c = WsTestClient.connect(server.port());
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"" + channel + "\"},\"id\":2}");
        JsonNode sub = JSON.readTree(c.next()).path("subscribe");
        assertThat(sub.path("positioned").asBoolean()).isTrue();
        server.node().publish(channel, utf8("{\"n\":1}"), PublishOptions.DEFAULT).join();
        assertThat(c.next()).isEqualTo("{\"push\":{\"channel\":\"" + channel + "\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
        return Map.entry(c, sub.path("epoch").asText());
    }

    private void deliver(String channel, long offset, String epoch) {
        server.node().hub().deliver(channel, new Publication(offset, utf8("{\"n\":" + offset + "}"), null, Map.of(), 0),
                new StreamPosition(offset, epoch), null);
    }

    @Test
    void endsTheSubscriptionWith2500WhenALivePublicationSkipsAnOffset() throws Exception {
        var sub = subscriberAtOffsetOne("gap");
        deliver("gap", 3, sub.getValue()); // offset 2 never arrived
        assertThat(sub.getKey().next())
                .isEqualTo("{\"push\":{\"channel\":\"gap\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
        assertThat(server.node().hub().numSubscribers("gap")).isZero();
        // the connection stays, and the client may subscribe again to recover
        sub.getKey().send("{\"subscribe\":{\"channel\":\"gap\",\"recover\":true,\"offset\":1,\"epoch\":\"" + sub.getValue() + "\"},\"id\":3}");
        assertThat(JSON.readTree(sub.getKey().next()).path("subscribe").path("recovered").asBoolean()).isTrue();
    }

    @Test
    void endsTheSubscriptionWith2500WhenALivePublicationComesFromAnotherEpoch() throws Exception {
        var sub = subscriberAtOffsetOne("epoch");
        deliver("epoch", 2, sub.getValue() + "x"); // the next offset, but of a stream the client never saw
        assertThat(sub.getKey().next())
                .isEqualTo("{\"push\":{\"channel\":\"epoch\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
        assertThat(server.node().hub().numSubscribers("epoch")).isZero();
    }

    @Test
    void dropsALivePublicationTheClientAlreadyHasWithoutEndingTheSubscription() throws Exception {
        var sub = subscriberAtOffsetOne("stale");
        deliver("stale", 1, sub.getValue()); // a late duplicate of what the client holds
        server.node().publish("stale", utf8("{\"n\":2}"), PublishOptions.DEFAULT).join();
        assertThat(sub.getKey().next()).isEqualTo("{\"push\":{\"channel\":\"stale\",\"pub\":{\"data\":{\"n\":2},\"offset\":2}}}");
    }

    @Test
    void disconnectsWith3010WhenAServerSideSubscriptionLosesItsPosition() throws Exception {
        var c = WsTestClient.connect(server.port());
        String client = JSON.readTree(c.handshake()).path("connect").path("client").asText();
        assertThat(server.node().subscribeUser("", client, "srv", ServerSubscription.EMPTY)).isEqualTo(1);
        JsonNode sub = JSON.readTree(c.next()).path("push").path("subscribe");
        assertThat(sub.path("positioned").asBoolean()).isTrue();
        server.node().publish("srv", utf8("{\"n\":1}"), PublishOptions.DEFAULT).join();
        assertThat(c.next()).isEqualTo("{\"push\":{\"channel\":\"srv\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
        deliver("srv", 3, sub.path("epoch").asText());
        // as Centrifugo: a client cannot resubscribe a server-side subscription alone, so it reconnects
        assertThat(c.awaitClose()).isEqualTo(3010);
    }
}
