package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.delta.FossilDelta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fossil delta compression of publications, negotiated per subscription, over a real socket. */
class DeltaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        ChannelOptions o = ChannelOptions.openForDevelopment().toBuilder().joinLeave(false).forcePushJoinLeave(false)
                .deltaPublish(true).build();
        server = Switchboard.builder().port(0).channels(ChannelRules.of(o))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String document(int version) {
        StringBuilder sb = new StringBuilder("{\"version\":" + version + ",\"items\":[");
        for (int i = 0; i < 100; i++) sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\"}");
        return sb.append("]}").toString();
    }

    private void publish(String channel, String json) {
        server.node().publish(channel, json.getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
    }

    @Test
    void sendsPatchesThatRebuildEveryPublicationAndShrinkTheWire() throws Exception {
        var c = WsTestClient.connect(server.port());
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"doc\",\"delta\":\"fossil\"},\"id\":2}");
        assertThat(c.next()).contains("\"delta\":true");
        var plain = WsTestClient.connect(server.port());
        plain.handshake();
        plain.send("{\"subscribe\":{\"channel\":\"doc\"},\"id\":2}");
        assertThat(plain.next()).doesNotContain("\"delta\"");

        List<String> sent = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            sent.add(document(v));
            publish("doc", document(v));
        }
        byte[] current = null;
        long deltaBytes = 0, plainBytes = 0;
        for (int v = 0; v < 5; v++) {
            String line = c.next();
            deltaBytes += line.length();
            plainBytes += plain.next().length();
            JsonNode pub = JSON.readTree(line).path("push").path("pub");
            byte[] payload = pub.path("data").asText().getBytes(StandardCharsets.UTF_8);
            current = pub.path("delta").asBoolean(false) ? FossilDelta.apply(current, payload) : payload;
            assertThat(new String(current, StandardCharsets.UTF_8)).isEqualTo(sent.get(v));
            assertThat(pub.path("delta").asBoolean(false)).isEqualTo(v > 0);
        }
        assertThat(deltaBytes).isLessThan(plainBytes / 2);
    }

    @Test
    void startsFromAFullPublicationAfterRecovery() throws Exception {
        publish("rec", document(1));
        var c = WsTestClient.connect(server.port());
        c.handshake();
        c.send("{\"subscribe\":{\"channel\":\"rec\",\"delta\":\"fossil\"},\"id\":2}");
        String reply = c.next();
        String epoch = JSON.readTree(reply).path("subscribe").path("epoch").asText();
        publish("rec", document(2));
        assertThat(JSON.readTree(c.next()).path("push").path("pub").path("delta").asBoolean(false)).isFalse();

        var again = WsTestClient.connect(server.port());
        again.handshake();
        publish("rec", document(3));
        again.send("{\"subscribe\":{\"channel\":\"rec\",\"delta\":\"fossil\",\"recover\":true,\"offset\":2,\"epoch\":\""
                + epoch + "\"},\"id\":2}");
        JsonNode sub = JSON.readTree(again.next()).path("subscribe");
        assertThat(sub.path("recovered").asBoolean()).isTrue();
        assertThat(sub.path("publications").get(0).path("data").asText()).isEqualTo(document(3));
        publish("rec", document(4));
        JsonNode pub = JSON.readTree(again.next()).path("push").path("pub");
        assertThat(pub.path("delta").asBoolean()).isTrue();
        byte[] rebuilt = FossilDelta.apply(document(3).getBytes(StandardCharsets.UTF_8),
                pub.path("data").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(rebuilt, StandardCharsets.UTF_8)).isEqualTo(document(4));
    }
}
