package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.StreamPosition;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes in one JVM on one real redis-server: what crosses between them, and what survives Redis going away. */
class RedisScaleOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private RedisServer redis(int port, String... args) {
        RedisServer r = port == 0 ? RedisServer.start(args) : RedisServer.start(port, args);
        open.add(r);
        return r;
    }

    private Switchboard node(RedisServer redis) throws InterruptedException {
        ChannelOptions o = ChannelOptions.openForDevelopment().toBuilder().joinLeave(false).forcePushJoinLeave(false).build();
        Switchboard s = Switchboard.builder().port(0).channels(ChannelRules.of(o))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true)
                .redis(RedisSettings.of(redis.address()).withPrefix(prefix))
                .positionCheckDelay(Duration.ofMillis(200))
                .start();
        open.add(s::close);
        return s;
    }

    private static JsonNode subscribe(WsTestClient c, String channel, int id) throws Exception {
        c.send("{\"subscribe\":{\"channel\":\"" + channel + "\"},\"id\":" + id + "}");
        return JSON.readTree(nextReal(c)).path("subscribe");
    }

    /** The next message that is not a server ping. */
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
    void aPublicationOnOneNodeReachesASubscriberOnTheOtherWithItsStreamPosition() throws Exception {
        RedisServer redis = redis(0);
        Switchboard a = node(redis);
        Switchboard b = node(redis);
        WsTestClient c = WsTestClient.connect(b.port());
        c.handshake();
        String epoch = subscribe(c, "news", 2).path("epoch").asText();
        JsonNode published = api(a, "publish", "{\"channel\":\"news\",\"data\":{\"n\":1}}").path("result");
        assertThat(published.path("epoch").asText()).isEqualTo(epoch);
        assertThat(nextReal(c)).isEqualTo("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
        JsonNode history = api(b, "history", "{\"channel\":\"news\",\"limit\":10}").path("result");
        assertThat(history.path("publications").get(0).path("data").path("n").asInt()).isEqualTo(1);
        assertThat(history.path("epoch").asText()).isEqualTo(epoch);
    }

    @Test
    void theServerApiOfOneNodeDisconnectsAndSubscribesClientsOfTheOther() throws Exception {
        RedisServer redis = redis(0);
        Switchboard a = node(redis);
        Switchboard b = node(redis);
        WsTestClient c = WsTestClient.connect(b.port());
        String client = JSON.readTree(c.handshake()).path("connect").path("client").asText();
        api(a, "subscribe", "{\"user\":\"\",\"client\":\"" + client + "\",\"channel\":\"srv\"}");
        assertThat(JSON.readTree(nextReal(c)).path("push").path("channel").asText()).isEqualTo("srv");
        api(a, "disconnect", "{\"user\":\"\",\"client\":\"" + client + "\",\"disconnect\":{\"code\":4321,\"reason\":\"bye\"}}");
        assertThat(c.awaitClose()).isEqualTo(4321);
    }

    @Test
    void infoListsEveryNodeAndChannelsCountsSubscribersOnAllOfThem() throws Exception {
        RedisServer redis = redis(0);
        Switchboard a = node(redis);
        Switchboard b = node(redis);
        for (Switchboard n : List.of(a, b, b)) {
            WsTestClient c = WsTestClient.connect(n.port());
            c.handshake();
            subscribe(c, "shared", 2);
        }
        WsTestClient onlyB = WsTestClient.connect(b.port());
        onlyB.handshake();
        subscribe(onlyB, "b-only", 2);
        Conditions.eventually(() -> {
            try {
                return api(a, "info", "{}").path("result").path("nodes").size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode nodes = api(a, "info", "{}").path("result").path("nodes");
        assertThat(List.of(nodes.get(0).path("uid").asText(), nodes.get(1).path("uid").asText()))
                .containsExactlyInAnyOrder(a.node().uid(), b.node().uid());
        JsonNode channels = api(a, "channels", "{}").path("result").path("channels");
        assertThat(channels.path("shared").path("num_clients").asInt()).isEqualTo(3);
        assertThat(channels.path("b-only").path("num_clients").asInt()).isEqualTo(1);
        assertThat(api(a, "channels", "{\"pattern\":\"b-*\"}").path("result").path("channels").size()).isEqualTo(1);
    }

    @Test
    void presenceIsTheClustersAndACrashedNodesClientsLeaveItWithinThePresenceTtl() throws Exception {
        RedisServer redis = redis(0);
        Switchboard a = node(redis);
        Switchboard b = node(redis);
        WsTestClient onA = WsTestClient.connect(a.port());
        onA.handshake();
        subscribe(onA, "room", 2);
        WsTestClient onB = WsTestClient.connect(b.port());
        onB.handshake();
        subscribe(onB, "room", 2);
        JsonNode presence = api(a, "presence", "{\"channel\":\"room\"}").path("result").path("presence");
        assertThat(presence.size()).isEqualTo(2);
        assertThat(api(b, "presence_stats", "{\"channel\":\"room\"}").path("result").path("num_clients").asInt()).isEqualTo(2);
    }

    /**
     * Redis stops (saving its append-only file) under a steady publish load and starts again: publishes fail
     * while it is away, the subscriber on the other node stays connected, and every acknowledged publication
     * reaches it: live, or recovered after the position check (or the next publication) finds the gap.
     */
    @Test
    void noAcknowledgedPublicationIsLostWhenRedisRestarts() throws Exception {
        Path dir = Files.createTempDirectory("redis-aof");
        int port = RedisServer.freePort();
        String[] durable = {"--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always"};
        RedisServer redis = redis(port, durable);
        Switchboard a = node(redis);
        Switchboard b = node(redis);
        WsTestClient c = WsTestClient.connect(b.port());
        c.handshake();
        String epoch = subscribe(c, "steady", 2).path("epoch").asText();

        Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        Set<Long> received = new ConcurrentSkipListSet<>();
        int[] failed = {0};
        Runnable publishOne = () -> {
            try {
                StreamPosition p = a.node().publish("steady", "{}".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT)
                        .get(10, TimeUnit.SECONDS);
                acknowledged.add(p.offset());
            } catch (Exception e) {
                failed[0]++;
            }
        };
        Subscriber reader = new Subscriber(c, "steady", epoch, received);
        for (int i = 0; i < 50; i++) publishOne.run();
        redis.close();
        for (int i = 0; i < 20; i++) publishOne.run();
        assertThat(failed[0]).as("publishes while Redis is away fail").isEqualTo(20);
        redis(port, durable);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acknowledged.size() < 100 && System.nanoTime() < deadline) publishOne.run();
        assertThat(acknowledged).hasSize(100);
        reader.awaitAll(acknowledged);
        assertThat(received).containsAll(acknowledged);
        assertThat(c.closeCode.isDone()).as("the client stayed connected").isFalse();
    }

    /**
     * A publication that reached the stream but whose PUB/SUB message never came (as across a reconnect of the
     * node's PUB/SUB connection), and no publication after it: only the position check can find it. The client
     * is told 2500, subscribes again from its offset and recovers it.
     */
    @Test
    void thePositionCheckFindsAPublicationPubSubDroppedAndTheClientRecoversIt() throws Exception {
        RedisServer redis = redis(0);
        Switchboard b = node(redis);
        WsTestClient c = WsTestClient.connect(b.port());
        c.handshake();
        String epoch = subscribe(c, "quiet", 2).path("epoch").asText();
        Set<Long> received = new ConcurrentSkipListSet<>();
        Subscriber reader = new Subscriber(c, "quiet", epoch, received);
        api(b, "publish", "{\"channel\":\"quiet\",\"data\":{}}");
        reader.awaitAll(Set.of(1L));
        // offset 2 as the history script writes it, without its PUBLISH
        byte[] meta = (prefix + ".stream.meta.quiet").getBytes(StandardCharsets.UTF_8);
        assertThat(redis.command("HINCRBY".getBytes(), meta, "s".getBytes(), "1".getBytes())).isEqualTo(":2");
        byte[] publication = {0x22, 0x02, '{', '}'}; // Publication{data: "{}"}
        assertThat(redis.command("XADD".getBytes(), (prefix + ".stream.quiet").getBytes(StandardCharsets.UTF_8),
                "2-0".getBytes(), "d".getBytes(), publication)).isEqualTo("$3");
        reader.awaitAll(Set.of(1L, 2L));
        assertThat(received).containsExactly(1L, 2L);
        assertThat(reader.resubscribes).isEqualTo(1);
    }

    /**
     * The Centrifugo client's side of a subscription in a test: records offsets and, told 2500 (insufficient
     * state), subscribes again from the last one, as centrifuge-js does.
     */
    private static final class Subscriber {
        private final WsTestClient c;
        private final String channel;
        private final Set<Long> received;
        private String epoch;
        private long last;
        private int id = 10;
        int resubscribes;

        Subscriber(WsTestClient c, String channel, String epoch, Set<Long> received) {
            this.c = c;
            this.channel = channel;
            this.epoch = epoch;
            this.received = received;
        }

        void awaitAll(Set<Long> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!received.containsAll(wanted) && System.nanoTime() < deadline) {
                String line = c.lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) handle(line);
            }
        }

        private void handle(String line) throws Exception {
            JsonNode m = JSON.readTree(line);
            JsonNode pub = m.path("push").path("pub");
            if (!pub.isMissingNode()) {
                record(pub.path("offset").asLong());
            } else if (m.path("push").path("unsubscribe").path("code").asInt() == 2500) {
                resubscribes++;
                c.send("{\"subscribe\":{\"channel\":\"" + channel + "\",\"recover\":true,\"offset\":" + last
                        + ",\"epoch\":\"" + epoch + "\"},\"id\":" + (++id) + "}");
            } else if (m.has("subscribe")) {
                JsonNode sub = m.path("subscribe");
                assertThat(sub.path("recovered").asBoolean()).as("recovered from the durable stream").isTrue();
                epoch = sub.path("epoch").asText();
                for (JsonNode p : sub.path("publications")) record(p.path("offset").asLong());
            }
        }

        private void record(long offset) {
            received.add(offset);
            last = Math.max(last, offset);
        }
    }
}
