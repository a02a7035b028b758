package io.switchboard.centrifugo;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.StalledPeer;
import io.switchboard.core.Engine;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.StreamPosition;
import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Centrifugo connection's state machine without a socket: a recording transport on an {@link EmbeddedChannel}'s
 * event loop, the real node on the memory engine, and one fake time for the loop's timers and the token clock.
 */
class CentrifugoClientMachineTest {
    private static final String SECRET = "machine-test-secret";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final ChannelOptions HISTORY = ChannelOptions.builder().historySize(10)
            .historyTtl(Duration.ofMinutes(5)).forcePositioning(true)
            .allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
    private static final ChannelOptions OPEN = ChannelOptions.builder()
            .allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
    /** A persistent map channel: a stream of 2 changes, pages of 2, clients may set and remove entries. */
    private static final ChannelOptions MAP = OPEN.toBuilder().allowTagsFilter(true)
            .allowedDeltaTypes(List.of("fossil")).map(new MapOptions(
            MapOptions.Mode.PERSISTENT, Duration.ZERO, 2, Duration.ZERO, true, false, true, false, true, false, "",
            2, 1, 10)).build();
    /** A map whose subscribers have an entry each in the clients map {@code pc:<channel>}. */
    private static final ChannelOptions PRESENT = OPEN.toBuilder().map(new MapOptions(MapOptions.Mode.EPHEMERAL,
            Duration.ofSeconds(60), 0, Duration.ZERO, false, false, false, false, false, false, "", 0, 0, 0,
            MapOptions.TYPE_MAP, "pc:")).build();
    private static final ChannelOptions CLIENTS = OPEN.toBuilder().map(new MapOptions(MapOptions.Mode.EPHEMERAL,
            Duration.ofSeconds(3), 0, Duration.ZERO, false, false, false, false, false, false, "", 0, 0, 0,
            MapOptions.TYPE_MAP_CLIENTS, "")).build();
    /** Recoverable, and subscribers may filter by tags. */
    private static final ChannelOptions FILTERED = HISTORY.toBuilder().forceRecovery(true).allowTagsFilter(true)
            .allowedDeltaTypes(List.of("fossil")).clientPublishDebounceInterval(Duration.ofMillis(50)).build();

    private final MockTicker ticker = Ticker.newMockTicker();
    private final FakeClock clock = new FakeClock(ticker, START);
    private final EmbeddedChannel loop = EmbeddedChannel.builder().ticker(ticker).build();
    private final Node node = new Node("machine", "0.1.0",
            new ChannelRules(255, ChannelOptions.DEFAULTS, Map.of("h", HISTORY, "open", OPEN, "f", FILTERED, "m", MAP, "p", PRESENT, "pc", CLIENTS)),
            Engine.of(new MemoryEngine(clock::millis, 10_000)), 300);
    private RecordingTransport transport;
    private CentrifugoClient client;

    @AfterEach
    void close() {
        node.shutdown();
        loop.finishAndReleaseAll();
    }

    // --- client.concurrency --------------------------------------------------------------------------------

    @Test
    void withoutClientConcurrencyTheCommandsOfAFrameRunOneAtATime() {
        Map<String, CompletableFuture<byte[]>> calls = new LinkedHashMap<>();
        start(options(1 << 20), (user, id, method, data) -> calls.computeIfAbsent(method, m -> new CompletableFuture<>()));
        send("{\"id\":1,\"connect\":{}}");
        transport.take();

        send("{\"id\":2,\"rpc\":{\"method\":\"a\"}}\n{\"id\":3,\"rpc\":{\"method\":\"b\"}}");
        assertThat(calls).containsOnlyKeys("a");
        calls.get("a").complete("1".getBytes(StandardCharsets.UTF_8));
        loop.runPendingTasks();
        assertThat(transport.take()).containsExactly("{\"id\":2,\"rpc\":{\"data\":1}}");
        assertThat(calls).containsOnlyKeys("a", "b");
        calls.get("b").complete("2".getBytes(StandardCharsets.UTF_8));
        loop.runPendingTasks();
        assertThat(transport.take()).containsExactly("{\"id\":3,\"rpc\":{\"data\":2}}");
    }

    @Test
    void clientConcurrencyLetsThatManyCommandsWaitOnRepliesAndTheRestWaitInOrder() {
        Map<String, CompletableFuture<byte[]>> calls = new LinkedHashMap<>();
        start(options(1 << 20).withConcurrency(2),
                (user, id, method, data) -> calls.computeIfAbsent(method, m -> new CompletableFuture<>()));
        send("{\"id\":1,\"connect\":{}}");
        transport.take();

        send("{\"id\":2,\"rpc\":{\"method\":\"a\"}}\n{\"id\":3,\"rpc\":{\"method\":\"b\"}}\n"
                + "{\"id\":4,\"rpc\":{\"method\":\"c\"}}\n{\"id\":5,\"unsubscribe\":{\"channel\":\"open:x\"}}");
        assertThat(calls).containsOnlyKeys("a", "b");
        assertThat(transport.take()).isEmpty(); // the unsubscribe waits behind the third rpc
        calls.get("b").complete("2".getBytes(StandardCharsets.UTF_8));
        loop.runPendingTasks();
        assertThat(transport.take()).containsExactly("{\"id\":3,\"rpc\":{\"data\":2}}", "{\"id\":5,\"unsubscribe\":{}}");
        assertThat(calls).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void aClientWithMoreCommandsWaitingThanTheQueueTakesIsCutAsSlow() {
        start(options(1 << 20), (user, id, method, data) -> new CompletableFuture<>());
        send("{\"id\":1,\"connect\":{}}");
        transport.take();
        StringBuilder frame = new StringBuilder();
        for (int i = 0; i <= CommandSlots.MAX_WAITING + 1; i++) {
            frame.append(i == 0 ? "" : "\n").append("{\"id\":").append(i + 2).append(",\"rpc\":{\"method\":\"m\"}}");
        }
        send(frame.toString());
        assertThat(transport.closed.code()).isEqualTo(Disconnect.SLOW.code());
    }

    // --- connect, ping/pong, stale -------------------------------------------------------------------------

    @Test
    void connectIsAnsweredWithClientIdAndPingSettings() {
        start(options(1 << 20));
        send("{\"id\":1,\"connect\":{}}");

        assertThat(transport.take()).containsExactly("{\"id\":1,\"connect\":{\"client\":\"" + client.clientId()
                + "\",\"version\":\"0.1.0\",\"ping\":25,\"pong\":true}}");
        assertThat(client.clientId()).isNotEmpty();
        assertThat(node.hub().session(client.clientId())).isSameAs(client);
    }

    @Test
    void aPongInTimeKeepsTheConnection() {
        connected(options(1 << 20));

        advance(Duration.ofSeconds(25));
        assertThat(transport.take()).containsExactly("{}");
        advance(Duration.ofSeconds(7));
        send("{}");
        advance(Duration.ofSeconds(5)); // past the pong timeout of the first ping
        assertThat(transport.closed).isNull();

        advance(Duration.ofSeconds(13)); // the next ping comes one interval after the first
        assertThat(transport.take()).containsExactly("{}");
        assertThat(transport.closed).isNull();
    }

    @Test
    void noPongWithinPongTimeoutCloses3012() {
        connected(options(1 << 20));

        advance(Duration.ofSeconds(25));
        assertThat(transport.take()).containsExactly("{}");
        advance(Duration.ofMillis(7_900));
        assertThat(transport.closed).isNull();

        advance(Duration.ofMillis(100));
        assertThat(transport.closed).isEqualTo(Disconnect.NO_PONG);
        assertThat(transport.closed.code()).isEqualTo(3012);
        assertThat(node.hub().session(client.clientId())).isNull();
    }

    @Test
    void noConnectWithinStaleDelayCloses3502() {
        start(options(1 << 20));

        advance(Duration.ofMillis(9_900));
        assertThat(transport.closed).isNull();
        advance(Duration.ofMillis(100));
        assertThat(transport.closed).isEqualTo(Disconnect.STALE);
        assertThat(transport.closed.code()).isEqualTo(3502);
    }

    @Test
    void aConnectBeforeTheStaleDelayIsNotClosed() {
        connected(options(1 << 20));
        advance(Duration.ofSeconds(11));
        assertThat(transport.closed).isNull();
    }

    // --- connection token expiry ---------------------------------------------------------------------------

    @Test
    void anExpiredConnectionTokenClosesWith3005AfterTheCloseDelay() {
        start(options(1 << 20));
        send("{\"id\":1,\"connect\":{\"token\":\"" + connectionToken("42", 60) + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":1,\"connect\":{\"client\":\"" + client.clientId()
                + "\",\"version\":\"0.1.0\",\"expires\":true,\"ttl\":60,\"ping\":25,\"pong\":true}}");
        pongEveryPing(Duration.ofSeconds(84)); // exp + expired_close_delay (25 s) - 1 s

        assertThat(transport.closed).isNull();
        pongEveryPing(Duration.ofSeconds(1));
        assertThat(transport.closed).isEqualTo(Disconnect.EXPIRED);
        assertThat(transport.closed.code()).isEqualTo(3005);
    }

    @Test
    void aRefreshWithANewTokenBeforeExpiryKeepsTheConnection() {
        start(options(1 << 20));
        send("{\"id\":1,\"connect\":{\"token\":\"" + connectionToken("42", 60) + "\"}}");
        transport.take();
        pongEveryPing(Duration.ofSeconds(50));

        send("{\"id\":2,\"refresh\":{\"token\":\"" + connectionToken("42", 120) + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"refresh\":{\"client\":\"" + client.clientId()
                + "\",\"version\":\"0.1.0\",\"expires\":true,\"ttl\":120}}");
        pongEveryPing(Duration.ofSeconds(144)); // the old deadline (85 s) is long past; the new one is 50+120+25
        assertThat(transport.closed).isNull();

        pongEveryPing(Duration.ofSeconds(1));
        assertThat(transport.closed).isEqualTo(Disconnect.EXPIRED);
    }

    // --- subscription token expiry -------------------------------------------------------------------------

    @Test
    void anExpiredSubscriptionTokenEndsTheSubscriptionWith2501() {
        connectedAs("42");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"news\",\"token\":\"" + subscriptionToken("42", "news", 30) + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"subscribe\":{\"expires\":true,\"ttl\":30}}");
        assertThat(node.hub().numSubscribers("news")).isEqualTo(1);

        pongEveryPing(Duration.ofSeconds(54)); // exp + 25 s - 1 s
        assertThat(transport.take()).isEmpty();
        pongEveryPing(Duration.ofSeconds(1));

        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"news\",\"unsubscribe\":{\"code\":2501,\"reason\":\"subscription expired\"}}}");
        assertThat(node.hub().numSubscribers("news")).isZero();
        assertThat(transport.closed).isNull(); // only the subscription ends
    }

    @Test
    void aSubRefreshWithANewTokenKeepsTheSubscription() {
        connectedAs("42");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"news\",\"token\":\"" + subscriptionToken("42", "news", 30) + "\"}}");
        transport.take();
        pongEveryPing(Duration.ofSeconds(20));

        send("{\"id\":3,\"sub_refresh\":{\"channel\":\"news\",\"token\":\"" + subscriptionToken("42", "news", 100) + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":3,\"sub_refresh\":{\"expires\":true,\"ttl\":100}}");
        pongEveryPing(Duration.ofSeconds(124)); // past the old deadline (55 s); the new one is 20+100+25
        assertThat(transport.take()).isEmpty();
        assertThat(node.hub().numSubscribers("news")).isEqualTo(1);

        pongEveryPing(Duration.ofSeconds(1));
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"news\",\"unsubscribe\":{\"code\":2501,\"reason\":\"subscription expired\"}}}");
    }

    // --- positions: gaps and epochs ------------------------------------------------------------------------

    @Test
    void aGapInOffsetsEndsTheSubscriptionWith2500() {
        String epoch = subscribedToHistory();
        publish("h:room", "{\"n\":1}");
        loop.runPendingTasks();
        assertThat(transport.take()).containsExactly("{\"push\":{\"channel\":\"h:room\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
        deliver("h:room", 2, epoch, "{\"n\":2}"); // the next offset: delivered
        assertThat(transport.take()).containsExactly("{\"push\":{\"channel\":\"h:room\",\"pub\":{\"data\":{\"n\":2},\"offset\":2}}}");

        deliver("h:room", 4, epoch, "{\"n\":4}"); // 3 is missing
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"h:room\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
        assertThat(node.hub().numSubscribers("h:room")).isZero();
        deliver("h:room", 5, epoch, "{\"n\":5}");
        assertThat(transport.take()).isEmpty();
        assertThat(transport.closed).isNull();
    }

    @Test
    void anotherEpochEndsTheSubscriptionWith2500() {
        String epoch = subscribedToHistory();
        deliver("h:room", 1, epoch + "x", "{\"n\":1}"); // the next offset, but of another stream
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"h:room\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
        assertThat(node.hub().numSubscribers("h:room")).isZero();
    }

    // --- subscribe flags and tags filters ---------------------------------------------------------------------

    @Test
    void anUnrecoverablePositionWithTheRejectFlagIsError112AndLeavesTheChannel() {
        connected(options(1 << 20));
        publish("f:room", "{\"n\":1}");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\",\"recover\":true,\"offset\":1,\"epoch\":\"gone\",\"flag\":3}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}");
        assertThat(node.hub().numSubscribers("f:room")).isZero();
        assertThat(transport.closed).isNull();
        // the client starts afresh (centrifuge-js calls getState) and may subscribe again
        send("{\"id\":3,\"subscribe\":{\"channel\":\"f:room\",\"flag\":3}}");
        assertThat(transport.take()).singleElement().asString().startsWith("{\"id\":3,\"subscribe\":{");
    }

    @Test
    void anUnrecoverablePositionWithoutTheFlagIsASubscriptionNotRecovered() {
        connected(options(1 << 20));
        publish("f:room", "{\"n\":1}");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\",\"recover\":true,\"offset\":1,\"epoch\":\"gone\",\"flag\":1}}");
        assertThat(transport.take()).singleElement().asString().startsWith("{\"id\":2,\"subscribe\":{")
                .contains("\"was_recovering\":true").doesNotContain("\"recovered\":true");
        assertThat(node.hub().numSubscribers("f:room")).isOne();
    }

    @Test
    void aTagsFilterDeliversOnlyMatchingPublicationsWithoutLosingThePosition() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\",\"tf\":{\"key\":\"team\",\"cmp\":\"eq\",\"val\":\"eng\"}}}");
        assertThat(transport.take()).singleElement().asString().startsWith("{\"id\":2,\"subscribe\":{");
        publishTagged("f:room", "{\"n\":1}", Map.of("team", "ops"));
        publishTagged("f:room", "{\"n\":2}", Map.of());
        publishTagged("f:room", "{\"n\":3}", Map.of("team", "eng"));
        loop.runPendingTasks();
        // offsets 1 and 2 were skipped, not lost: no 2500
        assertThat(transport.take()).containsExactly("{\"push\":{\"channel\":\"f:room\",\"pub\":{\"data\":{\"n\":3},"
                + "\"offset\":3,\"tags\":{\"team\":\"eng\"}}}}");
        assertThat(node.hub().numSubscribers("f:room")).isOne();
    }

    @Test
    void recoveryReturnsOnlyThePublicationsTheFilterMatches() {
        connected(options(1 << 20));
        publish("f:room", "{\"n\":0}");
        String epoch = node.position("f:room", FILTERED).join().epoch();
        publishTagged("f:room", "{\"n\":1}", Map.of("team", "ops"));
        publishTagged("f:room", "{\"n\":2}", Map.of("team", "eng"));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\",\"recover\":true,\"offset\":1,\"epoch\":\"" + epoch
                + "\",\"tf\":{\"key\":\"team\",\"cmp\":\"neq\",\"val\":\"ops\"}}}");
        assertThat(transport.take()).singleElement().asString()
                .contains("\"publications\":[{\"data\":{\"n\":2},\"offset\":3,\"tags\":{\"team\":\"eng\"}}]")
                .contains("\"recovered\":true");
    }

    @Test
    void theSubscribeReplyCarriesTheNamespacesPublishDebounceInMilliseconds() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\"}}");
        send("{\"id\":3,\"subscribe\":{\"channel\":\"h:room\"}}");
        List<String> replies = transport.take();
        assertThat(replies.get(0)).contains("\"publish_debounce\":50");
        assertThat(replies.get(1)).doesNotContain("publish_debounce");
    }

    @Test
    void aTagsFilterWhereTheNamespaceDoesNotAllowOneIsError107() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"h:room\",\"tf\":{\"key\":\"team\",\"cmp\":\"eq\",\"val\":\"eng\"}}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(node.hub().numSubscribers("h:room")).isZero();
        assertThat(transport.closed).isNull();
    }

    @Test
    void aMalformedOrOversizedTagsFilterIsError107() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:room\",\"tf\":{\"key\":\"team\",\"cmp\":\"like\",\"val\":\"e\"}}}");
        StringBuilder deep = new StringBuilder("{\"key\":\"k\",\"cmp\":\"ex\"}");
        for (int i = 0; i < 40; i++) deep.insert(0, "{\"op\":\"not\",\"nodes\":[").append("]}");
        send("{\"id\":3,\"subscribe\":{\"channel\":\"f:room\",\"tf\":" + deep + "}}");
        assertThat(transport.take()).containsExactly(
                "{\"id\":2,\"error\":{\"code\":107,\"message\":\"bad request\"}}",
                "{\"id\":3,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(node.hub().numSubscribers("f:room")).isZero();
    }

    @Test
    void aFilteredSubscriptionGetsNoDelta() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"f:plain\",\"delta\":\"fossil\"}}");
        assertThat(transport.take()).singleElement().asString().contains("\"delta\":true");
        send("{\"id\":3,\"subscribe\":{\"channel\":\"f:room\",\"delta\":\"fossil\",\"tf\":{\"key\":\"k\",\"cmp\":\"ex\"}}}");
        assertThat(transport.take()).singleElement().asString().doesNotContain("\"delta\":true");
    }

    // --- map subscriptions -----------------------------------------------------------------------------------

    @Test
    void aMapSubscriptionGetsTheStateInPagesThenGoesLiveWithoutDuplicates() {
        connected(options(1 << 20));
        for (String k : List.of("a", "b", "c")) mapSet("m:room", k, "{\"k\":\"" + k + "\"}");
        String epoch = node.maps().state("m:room", MAP.map()).join().position().epoch();
        send("{\"id\":2,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"" + epoch
                + "\",\"offset\":3,\"positioned\":true,\"type\":1,\"phase\":2,\"cursor\":\"2\",\"state\":["
                + "{\"data\":{\"k\":\"a\"},\"offset\":1,\"key\":\"a\"},{\"data\":{\"k\":\"b\"},\"offset\":2,\"key\":\"b\"}]}}");
        mapSet("m:room", "d", "{\"k\":\"d\"}"); // after the cut: held, then live
        loop.runPendingTasks();
        assertThat(transport.take()).isEmpty();
        send("{\"id\":3,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2,\"cursor\":\"2\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":3,\"subscribe\":{\"recoverable\":true,\"epoch\":\"" + epoch
                + "\",\"offset\":3,\"positioned\":true,\"type\":1,\"state\":[{\"data\":{\"k\":\"c\"},\"offset\":3,\"key\":\"c\"}]}}",
                "{\"push\":{\"channel\":\"m:room\",\"pub\":{\"data\":{\"k\":\"d\"},\"offset\":4,\"key\":\"d\"}}}");
        node.maps().publish("m:room", MAP.map(), "a", null, null, Map.of(), true);
        loop.runPendingTasks();
        assertThat(transport.take()).containsExactly(
                "{\"push\":{\"channel\":\"m:room\",\"pub\":{\"offset\":5,\"key\":\"a\",\"removed\":true}}}");
    }

    @Test
    void aClientThatPagesTheStateForMoreThanFiveSecondsIsCutAsSlow() {
        connected(options(1 << 20));
        for (String k : List.of("a", "b", "c")) mapSet("m:room", k, "1");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2}}");
        assertThat(transport.take()).singleElement().asString().contains("\"cursor\":\"2\"");
        advance(Duration.ofMillis(MapSubscriptions.PAGING_TIMEOUT_MS - 100));
        assertThat(transport.closed).isNull();
        advance(Duration.ofMillis(200));
        assertThat(transport.closed).isEqualTo(Disconnect.SLOW);
        assertThat(node.hub().numSubscribers("m:room")).isZero();
    }

    @Test
    void aMapSubscriptionRecoversTheChangesItMissedOr112WhenTheStreamNoLongerHasThem() {
        connected(options(1 << 20));
        mapSet("m:room", "a", "1");
        String epoch = node.maps().state("m:room", MAP.map()).join().position().epoch();
        mapSet("m:room", "b", "2");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":1,\"recover\":true,\"offset\":1,"
                + "\"epoch\":\"" + epoch + "\"}}");
        assertThat(transport.take()).singleElement().asString()
                .contains("\"publications\":[{\"data\":2,\"offset\":2,\"key\":\"b\"}],\"recovered\":true,\"offset\":2")
                .contains("\"was_recovering\":true");
        send("{\"id\":3,\"unsubscribe\":{\"channel\":\"m:room\"}}");
        transport.take();
        mapSet("m:room", "c", "3");
        mapSet("m:room", "d", "4"); // the stream of 2 holds offsets 3 and 4 only
        send("{\"id\":4,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":1,\"recover\":true,\"offset\":1,"
                + "\"epoch\":\"" + epoch + "\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":4,\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}");
        assertThat(node.hub().numSubscribers("m:room")).isZero();
    }

    @Test
    void aMapSubscriptionGetsOnlyTheEntriesItsTagsFilterMatches() {
        connected(options(1 << 20));
        node.maps().publish("m:room", MAP.map(), "a", "1".getBytes(), null, Map.of("team", "eng"), false);
        node.maps().publish("m:room", MAP.map(), "b", "2".getBytes(), null, Map.of("team", "ops"), false);
        send("{\"id\":2,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2,"
                + "\"tf\":{\"key\":\"team\",\"cmp\":\"eq\",\"val\":\"eng\"}}}");
        assertThat(transport.take()).singleElement().asString().contains("\"state\":[{\"data\":1,\"offset\":1,"
                + "\"tags\":{\"team\":\"eng\"},\"key\":\"a\"}]").doesNotContain("\"key\":\"b\"");
    }

    @Test
    void aMapSubscriptionWithDeltaGetsEachChangeAsAPatchOfItsKeysLastValue() {
        connected(options(1 << 20));
        String big = "x".repeat(200);
        mapSet("m:room", "a", "{\"n\":1,\"p\":\"" + big + "\"}");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2,\"delta\":\"fossil\"}}");
        assertThat(transport.take()).singleElement().asString().contains("\"delta\":true")
                .contains("\"state\":[{\"data\":\"{\\\"n\\\":1,"); // the exact text, as a JSON string
        mapSet("m:room", "b", "{\"n\":9}");
        mapSet("m:room", "a", "{\"n\":2,\"p\":\"" + big + "\"}");
        node.maps().publish("m:room", MAP.map(), "b", null, null, Map.of(), true);
        loop.runPendingTasks();
        List<String> pushes = transport.take();
        assertThat(pushes).hasSize(3);
        assertThat(pushes.get(0)).contains("\"data\":\"{\\\"n\\\":9}\"").doesNotContain("\"delta\":true"); // a new key: full
        assertThat(pushes.get(1)).contains("\"delta\":true").contains("\"key\":\"a\"").hasSizeLessThan(150);
        assertThat(pushes.get(2)).isEqualTo("{\"push\":{\"channel\":\"m:room\",\"pub\":{\"offset\":4,\"key\":\"b\",\"removed\":true}}}");
    }

    @Test
    void aSubscriberOfAMapWithAClientsPrefixHasItsEntryInTheClientsMapWhileSubscribed() {
        connectedAs("alice");
        send("{\"id\":2,\"subscribe\":{\"channel\":\"pc:p:room\",\"type\":1,\"phase\":2}}"); // not its type
        send("{\"id\":3,\"subscribe\":{\"channel\":\"pc:p:room\",\"type\":2,\"phase\":2}}");
        List<String> replies = transport.take();
        assertThat(replies.get(0)).isEqualTo("{\"id\":2,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
        assertThat(replies.get(1)).contains("\"type\":2");
        send("{\"id\":4,\"subscribe\":{\"channel\":\"p:room\",\"type\":1,\"phase\":2}}");
        loop.runPendingTasks();
        List<String> out = transport.take();
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo("{\"push\":{\"channel\":\"pc:p:room\",\"pub\":{\"data\":{\"client\":\""
                + client.clientId() + "\",\"user\":\"alice\"},\"offset\":1,\"key\":\"" + client.clientId() + "\"}}}");
        assertThat(node.maps().state("pc:p:room", null).join().entries()).hasSize(1);
        send("{\"id\":5,\"unsubscribe\":{\"channel\":\"p:room\"}}");
        loop.runPendingTasks();
        assertThat(transport.take()).contains("{\"push\":{\"channel\":\"pc:p:room\",\"pub\":{\"offset\":2,\"key\":\""
                + client.clientId() + "\",\"removed\":true}}}");
        assertThat(node.maps().state("pc:p:room", null).join().entries()).isEmpty();
    }

    @Test
    void aClientSetsAndRemovesMapEntriesAsTheMapBlockAllows() {
        connectedAs("alice");
        send("{\"id\":2,\"publish\":{\"channel\":\"m:room\",\"type\":1,\"key\":\"k\",\"data\":{\"v\":1}}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"publish\":{}}");
        // removal is for subscribers only here
        send("{\"id\":3,\"publish\":{\"channel\":\"m:room\",\"type\":1,\"key\":\"k\",\"removed\":true}}");
        assertThat(transport.take()).containsExactly("{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        send("{\"id\":4,\"subscribe\":{\"channel\":\"m:room\",\"type\":1,\"phase\":2}}");
        transport.take();
        send("{\"id\":5,\"publish\":{\"channel\":\"m:room\",\"type\":1,\"key\":\"k\",\"removed\":true}}");
        assertThat(transport.take()).contains("{\"id\":5,\"publish\":{}}");
        assertThat(node.maps().state("m:room", null).join().entries()).isEmpty();
        // a map change to a stream channel, and a map subscribe to one, are bad requests
        send("{\"id\":6,\"publish\":{\"channel\":\"open:x\",\"type\":1,\"key\":\"k\",\"data\":1}}");
        send("{\"id\":7,\"subscribe\":{\"channel\":\"open:x\",\"type\":1,\"phase\":2}}");
        send("{\"id\":8,\"subscribe\":{\"channel\":\"m:other\"}}");
        assertThat(transport.take()).containsExactly(
                "{\"id\":6,\"error\":{\"code\":107,\"message\":\"bad request\"}}",
                "{\"id\":7,\"error\":{\"code\":107,\"message\":\"bad request\"}}",
                "{\"id\":8,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
    }

    // --- slow readers ----------------------------------------------------------------------------------------

    @Test
    void moreThanQueueMaxSizeWaitingForTheLoopCloses3008() {
        connected(options(1000));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"open:x\"}}");
        assertThat(transport.take()).containsExactly("{\"id\":2,\"subscribe\":{}}");
        String data = "\"" + "a".repeat(398) + "\""; // 400 bytes: weighed 464 in the outbox

        publish("open:x", data);
        publish("open:x", data); // 928 bytes wait: within the bound
        assertThat(client.queuedBytes()).isEqualTo(928);
        loop.runPendingTasks();
        assertThat(transport.take()).hasSize(2);
        assertThat(transport.closed).isNull();

        transport.unsent = 900; // what the socket itself still holds
        publish("open:x", data);
        publish("open:x", data);
        publish("open:x", data); // the loop has not run: 1392 bytes would wait
        assertThat(transport.closed).isEqualTo(Disconnect.SLOW);
        assertThat(transport.closed.code()).isEqualTo(3008);
        loop.runPendingTasks();
        assertThat(transport.take()).isEmpty(); // nothing of a stream with a hole in it
        transport.unsent = 500; // the peer is reading: it will get the close frame
        advance(Duration.ofMillis(StalledPeer.GRACE_MILLIS));
        assertThat(transport.aborted).isFalse();
        advance(Duration.ofMillis(StalledPeer.GRACE_MILLIS)); // then it takes nothing: it may never read the close frame
        assertThat(transport.aborted).isTrue();
    }

    @Test
    void moreUnsentThanQueueMaxSizeAfterAFlushCloses3008() {
        connected(options(1000));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"open:x\"}}");
        transport.take();

        transport.unsent = 1000; // at the bound: stays
        publish("open:x", "{\"n\":1}");
        loop.runPendingTasks();
        assertThat(transport.take()).hasSize(1);
        assertThat(transport.closed).isNull();

        transport.unsent = 1001;
        publish("open:x", "{\"n\":2}");
        loop.runPendingTasks();
        assertThat(transport.closed).isEqualTo(Disconnect.SLOW);
    }

    // --- the machine's surroundings ---------------------------------------------------------------------------

    private static CentrifugoOptions options(int queueMaxSize) {
        return new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8), Duration.ofSeconds(10),
                Duration.ofSeconds(25), 128, queueMaxSize, 65536, 300, 300, false, true, TokenKeys.hmac(SECRET), null,
                List.of(), "0.1.0");
    }

    private void start(CentrifugoOptions options) {
        start(options, null);
    }

    private void start(CentrifugoOptions options, RpcHandler rpc) {
        Centrifugo centrifugo = new Centrifugo(node, options, rpc, Centrifugo.accessFrom(node, options, null, clock));
        transport = new RecordingTransport(loop.eventLoop());
        client = centrifugo.newClient(transport, JsonCodec.BIDI);
    }

    private void connected(CentrifugoOptions options) {
        start(options);
        send("{\"id\":1,\"connect\":{}}");
        assertThat(transport.take()).hasSize(1);
    }

    private void connectedAs(String user) {
        start(options(1 << 20));
        send("{\"id\":1,\"connect\":{\"token\":\"" + connectionToken(user, 0) + "\"}}");
        assertThat(transport.take()).hasSize(1);
    }

    /** Subscribed to a positioned channel; returns its stream's epoch. */
    private String subscribedToHistory() {
        connected(options(1 << 20));
        send("{\"id\":2,\"subscribe\":{\"channel\":\"h:room\"}}");
        String epoch = node.position("h:room", HISTORY).join().epoch();
        assertThat(epoch).isNotEmpty();
        assertThat(transport.take()).containsExactly("{\"id\":2,\"subscribe\":{\"epoch\":\"" + epoch + "\",\"positioned\":true}}");
        return epoch;
    }

    /** One read from the client: its frame, then the end of the read (when gathered replies leave). */
    private void send(String frame) {
        client.onFrame(frame.getBytes(StandardCharsets.UTF_8));
        client.onReadComplete();
    }

    private void publish(String channel, String data) {
        node.publish(channel, data.getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
    }

    private void mapSet(String channel, String key, String data) {
        node.maps().publish(channel, MAP.map(), key, data.getBytes(StandardCharsets.UTF_8), null, Map.of(), false);
    }

    private void publishTagged(String channel, String data, Map<String, String> tags) {
        node.publish(channel, data.getBytes(StandardCharsets.UTF_8), new PublishOptions(null, tags, false, false)).join();
    }

    /** A publication as the hub hands it over, at a position of the test's choosing; then the loop runs. */
    private void deliver(String channel, long offset, String epoch, String data) {
        Publication p = new Publication(offset, data.getBytes(StandardCharsets.UTF_8), null, Map.of(), 0);
        client.deliver(new PreparedPublication(channel, p, new StreamPosition(offset, epoch)));
        loop.runPendingTasks();
    }

    /** Moves the fake time forward, running each timer at its own moment. */
    private void advance(Duration d) {
        long left = d.toNanos();
        loop.runPendingTasks();
        long next;
        while ((next = loop.runScheduledPendingTasks()) >= 0 && next <= left) {
            ticker.advance(next, TimeUnit.NANOSECONDS);
            left -= next;
            loop.runPendingTasks();
        }
        ticker.advance(left, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
    }

    /** Moves time forward as a live client would: answering each server ping at once. */
    private void pongEveryPing(Duration d) {
        for (long s = 0; s < d.toMillis(); s += 500) {
            advance(Duration.ofMillis(Math.min(500, d.toMillis() - s)));
            if (transport.closed == null && transport.pings()) send("{}");
        }
    }

    private String connectionToken(String user, long ttlSeconds) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("sub", user);
        if (ttlSeconds > 0) claims.put("exp", clock.millis() / 1000 + ttlSeconds);
        return TokenIssuer.hs256(SECRET, claims);
    }

    private String subscriptionToken(String user, String channel, long ttlSeconds) {
        return TokenIssuer.hs256(SECRET, Map.of("sub", user, "channel", channel, "exp", clock.millis() / 1000 + ttlSeconds));
    }
}
