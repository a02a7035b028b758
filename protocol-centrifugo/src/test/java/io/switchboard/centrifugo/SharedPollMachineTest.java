package io.switchboard.centrifugo;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.PolledKey;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxyReply;
import io.switchboard.protocol.proxy.ProxyResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared poll subscriptions on one connection's state machine: a recording transport on an embedded loop, the
 * poller with a fake refresher whose calls the test answers on its own thread (the poll interval is an hour, so
 * only the immediate poll of a cold key runs).
 */
class SharedPollMachineTest {
    private static final String SECRET = "poll-test-secret";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final ChannelOptions OPEN = ChannelOptions.builder()
            .allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
    private static final ProxyEndpoint PROXY = new ProxyEndpoint("poll", "http://127.0.0.1:1/refresh",
            Duration.ofSeconds(1), List.of(), List.of(), Map.of(), false, false);

    /** A refresh call the test answers. */
    private record Call(String channel, List<PolledKey> keys,
                        CompletableFuture<ProxyReply<List<ProxyResults.PolledItem>>> reply) {
        void answer(ProxyResults.PolledItem... items) {
            reply.complete(new ProxyReply<>(Verdict.ALLOWED, List.of(items)));
        }
    }

    private final MockTicker ticker = Ticker.newMockTicker();
    private final FakeClock clock = new FakeClock(ticker, START);
    private final EmbeddedChannel loop = EmbeddedChannel.builder().ticker(ticker).build();
    private final Node node = new Node("machine", "0.1.0",
            new ChannelRules(255, ChannelOptions.DEFAULTS, Map.of("poll", OPEN, "vl", OPEN, "open", OPEN)),
            Engine.of(new MemoryEngine(clock::millis, 10_000)), 300);
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final SharedPolls polls = new SharedPolls((o, channel, keys) -> {
        CompletableFuture<ProxyReply<List<ProxyResults.PolledItem>>> f = new CompletableFuture<>();
        calls.add(new Call(channel, keys, f));
        return f;
    });
    private RecordingTransport transport;
    private CentrifugoClient client;

    @AfterEach
    void close() {
        polls.close();
        node.shutdown();
        loop.finishAndReleaseAll();
    }

    @Test
    void subscribeAnswersTheEpochOfTheMode() {
        connected(2);
        send("{\"id\":2,\"subscribe\":{\"channel\":\"poll:a\",\"type\":4}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"subscribe\":{}}");
        send("{\"id\":3,\"subscribe\":{\"channel\":\"vl:a\",\"type\":4}}");
        assertThat(transport.take()).singleElement().asString().matches("\\{\"id\":3,\"subscribe\":\\{\"epoch\":\"\\w{8}\"}}");
    }

    @Test
    void aStreamSubscribeToASharedPollChannelAndAPollSubscribeElsewhereAre107() {
        connected(2);
        send("{\"id\":2,\"subscribe\":{\"channel\":\"poll:a\"}}");
        send("{\"id\":3,\"subscribe\":{\"channel\":\"open:a\",\"type\":4}}");
        assertThat(transport.take()).containsExactly(
                "{\"id\":2,\"error\":{\"code\":107,\"message\":\"bad request\"}}",
                "{\"id\":3,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
    }

    @Test
    void aTrackedColdKeyIsPolledAtOnceAndItsUpdatesArriveOncePerVersion() throws Exception {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        assertThat(transport.take()).containsExactly("{\"id\":3,\"sub_refresh\":{\"expires\":true,\"ttl\":60}}");

        Call call = next();
        assertThat(call.channel()).isEqualTo("poll:a");
        assertThat(call.keys()).containsExactly(new PolledKey("k1", 0));
        call.answer(item("k1", "{\"v\":1}", 1));
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"poll:a\",\"pub\":{\"data\":{\"v\":1},\"key\":\"k1\",\"version\":1}}}");

        // an older or equal version reaches no one
        polls.pollNow("poll:a");
        next().answer(item("k1", "{\"v\":1}", 1));
        assertThat(transport.take()).isEmpty();
    }

    @Test
    void aSecondTrackerGetsTheHeldDataInItsAnswer() throws Exception {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        transport.take();
        next().answer(item("k1", "{\"v\":7}", 7));
        assertThat(transport.take()).hasSize(1);

        RecordingTransport first = transport;
        subscribed("poll:a", 2); // a second connection
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        assertThat(transport.take()).containsExactly("{\"id\":3,\"sub_refresh\":{\"expires\":true,\"ttl\":60,"
                + "\"items\":[{\"data\":{\"v\":7},\"key\":\"k1\",\"version\":7}]}}");
        assertThat(calls).isEmpty(); // the key was not cold
        assertThat(first.take()).isEmpty();
    }

    @Test
    void aRemovalReachesTheTrackerAndEndsItsTracking() throws Exception {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        transport.take();
        next().answer(new ProxyResults.PolledItem("k1", null, 0, true));
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"poll:a\",\"pub\":{\"key\":\"k1\",\"removed\":true}}}");
        polls.pollNow("poll:a");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).as("the removed key is no longer polled").isNull();
    }

    @Test
    void versionlessNumbersChangesOfDataAndIgnoresTheSameData() throws Exception {
        subscribed("vl:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "vl:a", signature("vl:a", exp, "k"), "k", 0));
        transport.take();
        next().answer(item("k", "{\"x\":1}", 0));
        polls.pollNow("vl:a");
        next().answer(item("k", "{\"x\":1}", 0));
        polls.pollNow("vl:a");
        next().answer(item("k", "{\"x\":2}", 0));
        List<String> pushes = transport.take();
        assertThat(pushes).hasSize(2);
        long v1 = version(pushes.get(0)), v2 = version(pushes.get(1));
        assertThat(v1).isPositive();
        assertThat(v2).isGreaterThan(v1);
    }

    @Test
    void untrackStopsUpdates() throws Exception {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        transport.take();
        Call call = next();
        send("{\"id\":4,\"sub_refresh\":{\"channel\":\"poll:a\",\"type\":2,\"untrack\":[\"k1\"]}}");
        assertThat(transport.take()).containsExactly("{\"id\":4,\"sub_refresh\":{}}");
        call.answer(item("k1", "{}", 3));
        assertThat(transport.take()).isEmpty();
    }

    @Test
    void aBadSignatureIs103AnExpiredOne109AndNothingIsTracked() throws Exception {
        subscribed("poll:a", 2);
        long now = clock.instant().getEpochSecond();
        send(track(3, "poll:a", "invalid-signature", "k1", 0));
        send(track(4, "poll:a", signature("poll:a", now + 60, "other"), "k1", 0)); // signed for another key
        send(track(5, "poll:a", signature("poll:a", now - 1, "k1"), "k1", 0));
        assertThat(transport.take()).containsExactly(
                "{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                "{\"id\":4,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                "{\"id\":5,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        // the connection still works
        send("{\"id\":6,\"subscribe\":{\"channel\":\"open:x\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":6,\"subscribe\":{}}");
    }

    @Test
    void moreKeysThanTheLimitIs106() {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send("{\"id\":3,\"sub_refresh\":{\"channel\":\"poll:a\",\"type\":1,\"track\":[{\"signature\":\""
                + signature("poll:a", exp, "a", "b", "c") + "\",\"items\":[{\"key\":\"a\"},{\"key\":\"b\"},{\"key\":\"c\"}]}]}}");
        assertThat(transport.take()).containsExactly("{\"id\":3,\"error\":{\"code\":106,\"message\":\"limit exceeded\"}}");
    }

    @Test
    void aTrackOutsideSharedPollIs108AndBeforeSubscribing103() {
        connected(2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(2, "open:a", signature("open:a", exp, "k"), "k", 0));
        send(track(3, "poll:a", signature("poll:a", exp, "k"), "k", 0));
        assertThat(transport.take()).containsExactly(
                "{\"id\":2,\"error\":{\"code\":108,\"message\":\"not available\"}}",
                "{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
    }

    @Test
    void unsubscribingUntracksTheKeys() throws Exception {
        subscribed("poll:a", 2);
        long exp = clock.instant().getEpochSecond() + 60;
        send(track(3, "poll:a", signature("poll:a", exp, "k1"), "k1", 0));
        transport.take();
        Call call = next();
        send("{\"id\":4,\"unsubscribe\":{\"channel\":\"poll:a\"}}");
        transport.take();
        call.answer(item("k1", "{}", 3));
        assertThat(transport.take()).isEmpty();
    }

    // --- surroundings -----------------------------------------------------------------------------------------

    /**
     * The next refresh call, once the poller listens for its reply: answered on this thread, the reply then
     * reaches the connection here, where the embedded loop runs it in place.
     */
    private Call next() throws InterruptedException {
        Call c = calls.poll(5, TimeUnit.SECONDS);
        assertThat(c).as("a refresh call").isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.reply().getNumberOfDependents() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(c.reply().getNumberOfDependents()).as("the poller listens").isPositive();
        return c;
    }

    private static ProxyResults.PolledItem item(String key, String json, long version) {
        return new ProxyResults.PolledItem(key, json.getBytes(StandardCharsets.UTF_8), version, false);
    }

    private static long version(String push) {
        return Long.parseLong(push.replaceAll(".*\"version\":(\\d+).*", "$1"));
    }

    private static String track(long id, String channel, String signature, String key, long version) {
        return "{\"id\":" + id + ",\"sub_refresh\":{\"channel\":\"" + channel + "\",\"type\":1,\"track\":[{\"signature\":\""
                + signature + "\",\"items\":[{\"key\":\"" + key + "\"" + (version > 0 ? ",\"version\":" + version : "")
                + "}]}]}}";
    }

    /** A signature as a backend makes one, for the anonymous user. */
    private String signature(String channel, long expires, String... keys) {
        try {
            long issued = clock.instant().getEpochSecond();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\0", keys).getBytes(StandardCharsets.UTF_8)));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String payload = issued + "\0" + expires + "\0" + "" + "\0" + channel + "\0" + hash;
            return issued + ":" + expires + ":" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void connected(int maxKeys) {
        CentrifugoOptions options = new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(25), 128, 1 << 20, 65536, 300, 300, false, true,
                TokenKeys.hmac("connection-secret"), null, List.of(), "0.1.0");
        Centrifugo centrifugo = new Centrifugo(node, options, null, Centrifugo.accessFrom(node, options, null, clock));
        Duration hour = Duration.ofHours(1);
        centrifugo.sharedPoll(new SharedPollSettings(SECRET, "", 0, Map.of(
                "poll", new SharedPollOptions(true, PROXY, hour, 100, maxKeys, Duration.ZERO),
                "vl", new SharedPollOptions(false, PROXY, hour, 100, maxKeys, Duration.ZERO)), ":"), polls);
        transport = new RecordingTransport(loop.eventLoop());
        client = centrifugo.newClient(transport, JsonCodec.BIDI);
        send("{\"id\":1,\"connect\":{}}");
        assertThat(transport.take()).hasSize(1);
    }

    private void subscribed(String channel, int maxKeys) {
        connected(maxKeys);
        send("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\",\"type\":4}}");
        assertThat(transport.take()).hasSize(1);
    }

    private void send(String frame) {
        client.onFrame(frame.getBytes(StandardCharsets.UTF_8));
        client.onReadComplete();
    }
}
