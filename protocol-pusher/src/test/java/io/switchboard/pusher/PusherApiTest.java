package io.switchboard.pusher;

import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.Session;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.transport.HttpServer;
import io.switchboard.transport.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API over a real server: signed requests in, core publications and JSON answers out. */
class PusherApiTest {
    /** Long ago: a server reading the real clock instead of the access's would refuse every request here. */
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);
    private static final PusherApp ONE = PusherApp.of("1", "key1", "secret1");
    private static final PusherApp TWO = PusherApp.of("2", "key2", "secret2"); // namespace "2" once assigned
    private static final PusherApp OFF = new PusherApp("3", "key3", "secret3", false, false, -1, 100, 10, 200, 10, 10,
            false, List.of(), "off");

    private Node node;
    private Pusher pusher;
    private HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A plain core session: what a subscriber of any protocol receives. */
    static final class Recorder implements Session {
        final BlockingQueue<PreparedPublication> received = new LinkedBlockingQueue<>();
        final String id;
        final String user;

        Recorder(String id, String user) {
            this.id = id;
            this.user = user;
        }

        @Override public String clientId() { return id; }
        @Override public String userId() { return user; }
        @Override public void deliver(PreparedPublication publication) { received.add(publication); }
        @Override public void deliverJoin(String channel, ClientInfo info) { }
        @Override public void deliverLeave(String channel, ClientInfo info) { }
        @Override public void disconnect(Disconnect disconnect) { }

        PreparedPublication next() throws InterruptedException {
            PreparedPublication p = received.poll(5, TimeUnit.SECONDS);
            assertThat(p).as("a publication within 5 s").isNotNull();
            return p;
        }
    }

    @BeforeEach
    void start() throws Exception {
        ChannelRules rules = ChannelRules.of(ChannelOptions.DEFAULTS)
                .with(ChannelType.KINDS, Map.of("2", ChannelOptions.DEFAULTS, "off", ChannelOptions.DEFAULTS));
        node = new Node("test", "0", rules, Engine.of(new MemoryEngine()), 10);
        ClientAccess access = new ClientAccess(node, TokenKeys.hmac("token-secret"), null, false, false, null,
                Clock.fixed(NOW, ZoneOffset.UTC));
        pusher = new Pusher(node, access, PusherSettings.of(List.of(ONE, TWO, OFF)), null);
        Router router = new Router();
        pusher.register(router);
        server = new HttpServer(router, "127.0.0.1", 0, 1 << 20, 1 << 20);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        pusher.close();
        node.shutdown();
    }

    // --- requests -------------------------------------------------------------------------------------

    private record Answer(int status, String body) {
    }

    /** A request signed as pusher-http-node signs it, with auth parameters the test may override. */
    private Answer send(PusherApp signer, String method, String path, Map<String, String> query, String body,
                        Map<String, String> overrides) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("auth_key", signer.key());
        params.put("auth_timestamp", String.valueOf(NOW.getEpochSecond()));
        params.put("auth_version", "1.0");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) params.put("body_md5", Signatures.md5Hex(bytes));
        params.putAll(overrides);
        params.put("auth_signature", ApiSignature.sign(signer.secret(), method, path, params));
        params.putAll(overrides); // an overridden signature stays what the test says
        StringBuilder qs = new StringBuilder();
        params.forEach((k, v) -> qs.append(qs.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path + "?" + qs))
                .timeout(Duration.ofSeconds(10));
        b = method.equals("GET") ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private Answer post(PusherApp app, String path, String body) throws Exception {
        return send(app, "POST", path, Map.of(), body, Map.of());
    }

    private Answer get(PusherApp app, String path, Map<String, String> query) throws Exception {
        return send(app, "GET", path, query, null, Map.of());
    }

    private Recorder subscribed(String coreChannel, String id, String user) {
        Recorder r = new Recorder(id, user);
        node.subscribe(r, coreChannel).join();
        return r;
    }

    private static String data(PreparedPublication p) {
        return new String(p.publication().data(), StandardCharsets.UTF_8);
    }

    // --- events ---------------------------------------------------------------------------------------

    @Test
    void anEventReachesCoreSubscribersWithItsNameAndTheSocketItExcludes() throws Exception {
        Recorder news = subscribed("news", "c1", "");
        Answer a = post(ONE, "/apps/1/events",
                "{\"name\":\"greet\",\"data\":\"{\\\"a\\\":1}\",\"channels\":[\"news\"],\"socket_id\":\"123.456\"}");
        assertThat(a).isEqualTo(new Answer(200, "{}"));
        PreparedPublication p = news.next();
        assertThat(data(p)).isEqualTo("{\"a\":1}");
        // the excluded socket steers delivery only: the tags other protocols see hold just the event
        assertThat(p.publication().tags()).isEqualTo(Map.of(EventData.EVENT_TAG, "greet"));
        assertThat(p.publication().excludedClient()).isEqualTo("123.456");
    }

    @Test
    void dataThatIsNoJsonTravelsAsAStringAndDataThatIsNoStringAsItsJson() throws Exception {
        Recorder news = subscribed("news", "c1", "");
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"hello\",\"channel\":\"news\"}").status()).isEqualTo(200);
        PreparedPublication text = news.next();
        assertThat(data(text)).isEqualTo("\"hello\"");
        assertThat(text.publication().excludedClient()).isNull();
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":{\"b\":[1,2]},\"channel\":\"news\"}").status()).isEqualTo(200);
        assertThat(data(news.next())).isEqualTo("{\"b\":[1,2]}");
    }

    @Test
    void anEventGoesToEveryChannelItNamesOnceEach() throws Exception {
        Recorder a = subscribed("a", "c1", ""), b = subscribed("b", "c2", "");
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"1\",\"channels\":[\"a\",\"b\",\"a\"]}").status())
                .isEqualTo(200);
        assertThat(data(a.next())).isEqualTo("1");
        assertThat(data(b.next())).isEqualTo("1");
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"2\",\"channels\":[\"a\"]}").status()).isEqualTo(200);
        assertThat(data(a.next())).as("the repeated channel got the first event once").isEqualTo("2");
    }

    @Test
    void anEventAsksForItsChannelsAttributes() throws Exception {
        subscribed("presence-room", "c1", "alice");
        node.addPresence("presence-room", new ClientInfo("alice", "c1", null, null)).join();
        node.addPresence("presence-room", new ClientInfo("alice", "c2", null, null)).join();
        node.addPresence("presence-room", new ClientInfo("bob", "c3", null, null)).join();
        Answer a = post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"presence-room\",\"news\"],"
                + "\"info\":\"user_count,subscription_count\"}");
        assertThat(a).isEqualTo(new Answer(200, "{\"channels\":{\"presence-room\":{\"user_count\":2,\"subscription_count\":1},"
                + "\"news\":{\"subscription_count\":0}}}"));
    }

    @Test
    void broadcasttsSingularEventPublishesToo() throws Exception {
        Recorder news = subscribed("news", "c1", "");
        assertThat(post(ONE, "/apps/1/event", "{\"name\":\"e\",\"data\":\"{}\",\"channels\":[\"news\"]}"))
                .isEqualTo(new Answer(200, "{}"));
        assertThat(news.next().publication().tags()).containsEntry(EventData.EVENT_TAG, "e");
    }

    @Test
    void aBatchPublishesEachEventAndAnswersAttributesInRequestOrder() throws Exception {
        Recorder a = subscribed("a", "c1", ""), b = subscribed("b", "c2", "");
        String batch = "{\"batch\":[{\"channel\":\"b\",\"name\":\"one\",\"data\":\"1\",\"info\":\"subscription_count\"},"
                + "{\"channel\":\"a\",\"name\":\"two\",\"data\":\"2\",\"socket_id\":\"1.2\"}]}";
        assertThat(post(ONE, "/apps/1/batch_events", batch))
                .isEqualTo(new Answer(200, "{\"batch\":[{\"subscription_count\":1},{}]}"));
        assertThat(b.next().publication().tags()).containsEntry(EventData.EVENT_TAG, "one");
        PreparedPublication two = a.next();
        assertThat(two.publication().tags()).isEqualTo(Map.of(EventData.EVENT_TAG, "two"));
        assertThat(two.publication().excludedClient()).isEqualTo("1.2");
        // Broadcastt posts its batch to events
        assertThat(post(ONE, "/apps/1/events", "{\"batch\":[{\"channel\":\"a\",\"name\":\"three\",\"data\":\"3\"}]}"))
                .isEqualTo(new Answer(200, "{}"));
        assertThat(a.next().publication().tags()).containsEntry(EventData.EVENT_TAG, "three");
    }

    @Test
    void aBatchWithOneBadEventOrTooManyPublishesNothing() throws Exception {
        Recorder a = subscribed("a", "c1", "");
        assertThat(post(ONE, "/apps/1/batch_events", "{\"batch\":[{\"channel\":\"a\",\"name\":\"ok\",\"data\":\"1\"},"
                + "{\"channel\":\"a b\",\"name\":\"bad\",\"data\":\"2\"}]}").status()).isEqualTo(400);
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < ONE.maxEventBatchSize() + 1; i++) eleven.add("{\"channel\":\"a\",\"name\":\"e\",\"data\":\"1\"}");
        assertThat(post(ONE, "/apps/1/batch_events", "{\"batch\":[" + String.join(",", eleven) + "]}").status()).isEqualTo(400);
        assertThat(post(ONE, "/apps/1/batch_events", "{\"batch\":{}}").status()).isEqualTo(400);
        assertNothingPublishedBefore(a);
    }

    /** Publishes a marker: the first thing the subscriber got must be it, so every request before published nothing. */
    private void assertNothingPublishedBefore(Recorder r) throws Exception {
        String channel = node.hub().channels().keySet().stream().filter(c -> node.hub().numSubscribers(c) > 0).findFirst().orElseThrow();
        assertThat(node.hub().numSubscribers(channel)).isPositive();
        node.publish(channel, "\"marker\"".getBytes(StandardCharsets.UTF_8),
                PublishOptions.DEFAULT).join();
        assertThat(data(r.next())).isEqualTo("\"marker\"");
    }

    @Test
    void everyBadRequestGetsItsStatusAndPublishesNothing() throws Exception {
        Recorder news = subscribed("news", "c1", "");
        String ok = "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\"]}";
        long stale = NOW.getEpochSecond() - ApiSignature.WINDOW_SECONDS - 1;
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("bad signature", send(ONE, "POST", "/apps/1/events", Map.of(), ok, Map.of("auth_signature", "00" + "ab".repeat(31))));
        answers.put("stale timestamp", send(ONE, "POST", "/apps/1/events", Map.of(), ok, Map.of("auth_timestamp", String.valueOf(stale))));
        answers.put("wrong body_md5", send(ONE, "POST", "/apps/1/events", Map.of(), ok, Map.of("body_md5", Signatures.md5Hex(new byte[1]))));
        answers.put("another app's key", send(TWO, "POST", "/apps/1/events", Map.of(), ok, Map.of()));
        answers.put("wrong secret", post(PusherApp.of("1", "key1", "not-the-secret"), "/apps/1/events", ok));
        answers.put("old auth_version", send(ONE, "POST", "/apps/1/events", Map.of(), ok, Map.of("auth_version", "0.9")));
        String big = "x".repeat(ONE.maxEventPayloadBytes() + 1);
        answers.put("oversize data", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"" + big + "\",\"channels\":[\"news\"]}"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < PusherApp.MAX_CHANNELS_PER_TRIGGER; i++) many.add("\"c" + i + "\"");
        many.add("\"news\"");
        answers.put("too many channels", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[" + String.join(",", many) + "]}"));
        answers.put("bad channel name", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\",\"ne ws\"]}"));
        answers.put("namespaced channel name", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\",\"2:news\"]}"));
        answers.put("long channel name", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\",\""
                + "n".repeat(ONE.maxChannelNameLength() + 1) + "\"]}"));
        answers.put("long event name", post(ONE, "/apps/1/events", "{\"name\":\"" + "e".repeat(PusherApp.MAX_EVENT_NAME_LENGTH + 1)
                + "\",\"data\":\"x\",\"channels\":[\"news\"]}"));
        answers.put("no name", post(ONE, "/apps/1/events", "{\"data\":\"x\",\"channels\":[\"news\"]}"));
        answers.put("no channels", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\"}"));
        answers.put("bad socket_id", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\"],\"socket_id\":\"1.2:3\"}"));
        answers.put("malformed JSON", post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"x\",\"channels\":[\"news\"]"));
        answers.put("JSON not an object", post(ONE, "/apps/1/events", "[]"));
        answers.put("disabled app", post(OFF, "/apps/3/events", ok));
        answers.put("unknown app", post(ONE, "/apps/9/events", ok));
        answers.put("unknown path", post(ONE, "/apps/1/evnets", ok));

        Map<String, Integer> statuses = new LinkedHashMap<>();
        answers.forEach((what, a) -> statuses.put(what, a.status()));
        assertThat(statuses).containsExactlyEntriesOf(expected());
        answers.values().forEach(a -> assertThat(a.body()).startsWith("{\"error\":"));
        assertNothingPublishedBefore(news);
    }

    private static Map<String, Integer> expected() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : List.of("bad signature", "stale timestamp", "wrong body_md5", "another app's key", "wrong secret",
                "old auth_version")) m.put(k, 401);
        m.put("oversize data", 413);
        for (String k : List.of("too many channels", "bad channel name", "namespaced channel name", "long channel name",
                "long event name", "no name", "no channels", "bad socket_id", "malformed JSON", "JSON not an object")) m.put(k, 400);
        m.put("disabled app", 403);
        m.put("unknown app", 404);
        m.put("unknown path", 404);
        return m;
    }

    @Test
    void theLimitsThemselvesAreAccepted() throws Exception {
        Recorder news = subscribed("news", "c1", "");
        String full = "x".repeat(ONE.maxEventPayloadBytes());
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"" + "e".repeat(PusherApp.MAX_EVENT_NAME_LENGTH)
                + "\",\"data\":\"" + full + "\",\"channels\":[\"news\",\"#server-to-user-7\",\"private-a_b-c=d@e,f.g;h\"]}").status())
                .isEqualTo(200);
        assertThat(data(news.next())).isEqualTo('"' + full + '"');
        long edge = NOW.getEpochSecond() - ApiSignature.WINDOW_SECONDS;
        assertThat(send(ONE, "POST", "/apps/1/events", Map.of(), "{\"name\":\"e\",\"data\":\"x\",\"channel\":\"news\"}",
                Map.of("auth_timestamp", String.valueOf(edge))).status()).isEqualTo(200);
    }

    // --- channels -------------------------------------------------------------------------------------

    private void presenceRoom() {
        subscribed("presence-room", "c1", "alice");
        node.addPresence("presence-room", new ClientInfo("bob", "c3", null, null)).join();
        node.addPresence("presence-room", new ClientInfo("alice", "c1", null, null)).join();
        node.addPresence("presence-room", new ClientInfo("alice", "c2", null, null)).join();
    }

    @Test
    void listsTheAppsOccupiedChannelsOnly() throws Exception {
        presenceRoom();
        subscribed("news", "c4", "");
        subscribed("2:sport", "c5", "");
        subscribed("$internal", "c6", "");
        node.unsubscribe(subscribed("vacated", "c7", ""), "vacated");
        assertThat(get(ONE, "/apps/1/channels", Map.of()))
                .isEqualTo(new Answer(200, "{\"channels\":{\"news\":{},\"presence-room\":{}}}"));
        assertThat(get(ONE, "/apps/1/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count")))
                .isEqualTo(new Answer(200, "{\"channels\":{\"presence-room\":{\"user_count\":2}}}"));
        assertThat(get(ONE, "/apps/1/channels", Map.of("info", "subscription_count")))
                .isEqualTo(new Answer(200, "{\"channels\":{\"news\":{\"subscription_count\":1},\"presence-room\":{\"subscription_count\":1}}}"));
        assertThat(get(ONE, "/apps/1/channels", Map.of("info", "user_count")).status()).isEqualTo(400);
        assertThat(get(ONE, "/apps/1/channels", Map.of("filter_by_prefix", "private-", "info", "user_count")).status()).isEqualTo(400);
        assertThat(get(TWO, "/apps/2/channels", Map.of())).isEqualTo(new Answer(200, "{\"channels\":{\"sport\":{}}}"));
    }

    @Test
    void answersOneChannelsInfoAtEitherSpelling() throws Exception {
        presenceRoom();
        String full = "{\"occupied\":true,\"user_count\":2,\"subscription_count\":1}";
        Map<String, String> info = Map.of("info", "user_count,subscription_count");
        assertThat(get(ONE, "/apps/1/channels/presence-room", info)).isEqualTo(new Answer(200, full));
        assertThat(get(ONE, "/apps/1/channel/presence-room", info)).isEqualTo(new Answer(200, full));
        assertThat(get(ONE, "/apps/1/channels/presence-room", Map.of())).isEqualTo(new Answer(200, "{\"occupied\":true}"));
        assertThat(get(ONE, "/apps/1/channels/news", Map.of("info", "subscription_count")))
                .isEqualTo(new Answer(200, "{\"occupied\":false,\"subscription_count\":0}"));
        assertThat(get(ONE, "/apps/1/channels/news", Map.of("info", "user_count")).status()).isEqualTo(400);
        assertThat(get(ONE, "/apps/1/channels/ne%20ws", Map.of()).status()).isEqualTo(400);
        assertThat(get(TWO, "/apps/2/channels/presence-room", Map.of())).as("another app's channel of that name")
                .isEqualTo(new Answer(200, "{\"occupied\":false}"));
    }

    @Test
    void listsAPresenceChannelsDistinctUsers() throws Exception {
        presenceRoom();
        assertThat(get(ONE, "/apps/1/channels/presence-room/users", Map.of()))
                .isEqualTo(new Answer(200, "{\"users\":[{\"id\":\"alice\"},{\"id\":\"bob\"}]}"));
        assertThat(get(ONE, "/apps/1/channels/private-room/users", Map.of()).status()).isEqualTo(400);
        assertThat(get(TWO, "/apps/2/channels/presence-room/users", Map.of())).isEqualTo(new Answer(200, "{\"users\":[]}"));
    }

    @Test
    void aDisabledAppAnswersNothingButForbidden() throws Exception {
        assertThat(get(OFF, "/apps/3/channels", Map.of()).status()).isEqualTo(403);
        assertThat(get(OFF, "/apps/3/channels/news", Map.of()).status()).isEqualTo(403);
        assertThat(post(OFF, "/apps/3/users/u/terminate_connections", "{}").status()).isEqualTo(403);
    }

    // --- users ----------------------------------------------------------------------------------------

    private static final class Member implements SignedInUsers.Member {
        final CompletableFuture<Void> terminated = new CompletableFuture<>();

        @Override public void terminate() { terminated.complete(null); }
        @Override public void watchlist(String name, List<String> userIds) { }
        @Override public List<String> watchlist() { return List.of(); }
    }

    @Test
    void terminatesTheSignedInConnectionsOfOneUserOfOneApp() throws Exception {
        Member alice = new Member(), bob = new Member(), aliceOfTwo = new Member();
        pusher.users().add(pusher.apps().byId("1"), "alice", alice);
        pusher.users().add(pusher.apps().byId("1"), "bob", bob);
        pusher.users().add(pusher.apps().byId("2"), "alice", aliceOfTwo);
        assertThat(post(ONE, "/apps/1/users/alice/terminate_connections", "{}")).isEqualTo(new Answer(200, "{}"));
        alice.terminated.get(5, TimeUnit.SECONDS);
        assertThat(bob.terminated).isNotDone();
        assertThat(aliceOfTwo.terminated).isNotDone();
        assertThat(get(ONE, "/apps/1/users/alice/terminate_connections", Map.of()).status()).isEqualTo(404);
    }

    // --- apps -----------------------------------------------------------------------------------------

    @Test
    void twoAppsChannelsOfOneNameAreApart() throws Exception {
        Recorder ofOne = subscribed("news", "c1", ""), ofTwo = subscribed("2:news", "c2", "");
        assertThat(post(TWO, "/apps/2/events", "{\"name\":\"e\",\"data\":\"two\",\"channel\":\"news\"}").status()).isEqualTo(200);
        assertThat(post(ONE, "/apps/1/events", "{\"name\":\"e\",\"data\":\"one\",\"channel\":\"news\"}").status()).isEqualTo(200);
        assertThat(data(ofTwo.next())).isEqualTo("\"two\"");
        assertThat(data(ofOne.next())).as("app one's subscriber got app one's event first").isEqualTo("\"one\"");
        assertThat(post(ONE, "/apps/2/events", "{\"name\":\"e\",\"data\":\"x\",\"channel\":\"news\"}").status())
                .as("signed by app one for app two").isEqualTo(401);
    }
}
