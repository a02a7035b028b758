package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.testing.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes in one JVM on a real three-master Redis Cluster, each given a different seed node. */
class RedisClusterScaleOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private Switchboard node(String seed) throws InterruptedException {
        ChannelOptions o = ChannelOptions.openForDevelopment().toBuilder().joinLeave(false).forcePushJoinLeave(false).build();
        Switchboard s = Switchboard.builder().port(0).channels(ChannelRules.of(o))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true)
                .redis(RedisSettings.cluster(seed).withPrefix(prefix))
                .start();
        open.add(s::close);
        return s;
    }

    private static String nextReal(WsTestClient c) throws InterruptedException {
        String line;
        do {
            line = c.next();
        } while (line.equals("{}"));
        return line;
    }

    private static JsonNode api(Switchboard node, String method, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + "/api/" + method))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void publicationsHistoryPresenceAndTheServerApiCrossNodesOnTheCluster() throws Exception {
        RedisCluster cluster = RedisCluster.start(3);
        open.add(cluster);
        Switchboard a = node(cluster.addresses().get(0));
        Switchboard b = node(cluster.addresses().get(2));
        WsTestClient c = WsTestClient.connect(b.port());
        String client = JSON.readTree(c.handshake()).path("connect").path("client").asText();
        List<String> epochs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            c.send("{\"subscribe\":{\"channel\":\"news" + i + "\"},\"id\":" + (i + 2) + "}");
            epochs.add(JSON.readTree(nextReal(c)).path("subscribe").path("epoch").asText());
        }
        for (int i = 0; i < 4; i++) {
            JsonNode published = api(a, "publish", "{\"channel\":\"news" + i + "\",\"data\":{\"n\":" + i + "}}")
                    .path("result");
            assertThat(published.path("epoch").asText()).isEqualTo(epochs.get(i));
            assertThat(nextReal(c)).isEqualTo("{\"push\":{\"channel\":\"news" + i + "\",\"pub\":{\"data\":{\"n\":" + i
                    + "},\"offset\":1}}}");
        }
        JsonNode history = api(a, "history", "{\"channel\":\"news3\",\"limit\":10}").path("result");
        assertThat(history.path("publications").get(0).path("data").path("n").asInt()).isEqualTo(3);
        assertThat(api(a, "presence", "{\"channel\":\"news0\"}").path("result").path("presence").has(client)).isTrue();
        Conditions.eventually(() -> {
            try {
                return api(a, "info", "{}").path("result").path("nodes").size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        api(a, "disconnect", "{\"user\":\"\",\"client\":\"" + client + "\",\"disconnect\":{\"code\":4321,\"reason\":\"bye\"}}");
        assertThat(c.awaitClose()).isEqualTo(4321);
    }
}
