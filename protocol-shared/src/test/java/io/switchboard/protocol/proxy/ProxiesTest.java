package io.switchboard.protocol.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Proxy calls against a real local HTTP backend: the requests it gets, and each reply and failure as answered. */
class ProxiesTest {
    private final HttpServer backend;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Function<String, Reply> answer = body -> new Reply(200, "{\"result\":{}}");
    private final ProxyClient client = new ProxyClient();

    record Received(String path, String body, Map<String, List<String>> headers) {
    }

    record Reply(int status, String body) {
    }

    ProxiesTest() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        backend.createContext("/", this::handle);
        backend.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(ex.getRequestURI().getPath(), body, ex.getRequestHeaders()));
        Reply r = answer.apply(ex.getRequestURI().getPath());
        if (r == null) { // hang until the test ends
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (r.status() < 0) { // drop the connection without an answer
            ex.getResponseBody().close();
            ex.close();
            return;
        }
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(r.status(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @AfterEach
    void stop() {
        release.countDown();
        backend.stop(0);
        client.close();
    }

    private ProxyEndpoint endpoint(String path) {
        return new ProxyEndpoint("default", "http://127.0.0.1:" + backend.getAddress().getPort() + path,
                Duration.ofSeconds(2), List.of("Cookie", "host"), List.of("authorization"),
                Map.of("X-Static", "s", "Cookie", "static-loses"), true, false);
    }

    private Proxies proxies(ProxyEndpoint connect) {
        return new Proxies(new ProxySettings(connect, connect, Map.of(), Map.of(), ":"), client, () -> 1000);
    }

    @Test
    void everyCallIsTimedAndEachFailureCountedAsCentrifugoNamesThem() throws Exception {
        Map<String, java.util.concurrent.atomic.AtomicLong> seen = new java.util.concurrent.ConcurrentHashMap<>();
        io.switchboard.core.Meters meters = new io.switchboard.core.Meters() {
            @Override
            public Count count(String name, String... labels) {
                var n = seen.computeIfAbsent(name + java.util.Arrays.toString(labels), k -> new java.util.concurrent.atomic.AtomicLong());
                return n::addAndGet;
            }

            @Override
            public Timer timer(String name, String... labels) {
                var n = seen.computeIfAbsent(name + java.util.Arrays.toString(labels), k -> new java.util.concurrent.atomic.AtomicLong());
                return nanos -> n.incrementAndGet();
            }
        };
        ProxyEndpoint p = endpoint("/connect");
        Proxies proxies = new Proxies(new ProxySettings(p, p, Map.of(), Map.of(), ":"), client, () -> 1000, meters);
        String labels = "[protocol, http, type, connect, name, default]";
        answer = path -> new Reply(200, "{\"error\":{\"code\":4000,\"message\":\"no\"}}");
        done(proxies.connect(CALLER, null, "", "", List.of()));
        answer = path -> new Reply(500, "");
        done(proxies.connect(CALLER, null, "", "", List.of()));
        assertThat(seen.get("centrifugo_proxy_duration_seconds" + labels)).hasValue(2);
        assertThat(seen.get("centrifugo_proxy_errors" + labels)).hasValue(1); // the backend's own error is an answer
        assertThat(ProxyMeters.type("SubRefresh")).isEqualTo("sub_refresh");
        assertThat(ProxyMeters.type("RPC")).isEqualTo("rpc");
    }

    private static final ProxyCaller CALLER = new ProxyCaller("c1", "websocket", "json", "u1",
            "{\"m\":1}".getBytes(StandardCharsets.UTF_8),
            name -> name.equals("cookie") ? "sid=1" : name.equals("host") ? "example" : null,
            Map.of("Authorization", "Bearer x", "X-Not-Listed", "no"));

    private static <T> T done(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aConnectRequestCarriesTheClientAndHeadersAndItsResultIsRead() throws Exception {
        answer = p -> new Reply(200, "{\"result\":{\"user\":\"56\",\"expire_at\":1700,\"info\":{\"n\":\"x\"},"
                + "\"b64data\":\"aGk=\",\"channels\":[\"news\"],\"subs\":{\"chat\":{\"data\":[1],"
                + "\"override\":{\"presence\":{\"value\":true}}}},\"meta\":{\"k\":\"v\"}}}");
        Proxies proxies = proxies(endpoint("/connect"));
        var reply = done(proxies.connect(CALLER, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), "js", "1.0",
                List.of("x")));
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r.path()).isEqualTo("/connect");
        assertThat(r.body()).isEqualTo("{\"client\":\"c1\",\"transport\":\"websocket\",\"protocol\":\"json\","
                + "\"encoding\":\"json\",\"data\":{\"a\": 1},\"name\":\"js\",\"version\":\"1.0\",\"channels\":[\"x\"]}");
        assertThat(r.headers().get("Content-type")).containsExactly("application/json");
        assertThat(r.headers().get("Cookie")).containsExactly("sid=1");
        assertThat(r.headers().get("X-static")).containsExactly("s");
        assertThat(r.headers().get("Authorization")).containsExactly("Bearer x");
        assertThat(r.headers()).doesNotContainKey("X-not-listed");
        assertThat(reply.verdict()).isEqualTo(Verdict.ALLOWED);
        ProxyResults.Connect c = reply.result();
        assertThat(c.user()).isEqualTo("56");
        assertThat(c.expireAt()).isEqualTo(1700);
        assertThat(new String(c.info(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"x\"}");
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(c.channels()).containsExactly("news");
        assertThat(new String(c.subs().get("chat").data(), StandardCharsets.UTF_8)).isEqualTo("[1]");
        assertThat(c.subs().get("chat").presence()).isTrue();
        assertThat(c.subs().get("chat").joinLeave()).isNull();
        assertThat(new String(c.meta(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void laterRequestsAlwaysNameTheUserAndCarryMetaAndBinaryPayloadsAsBase64() throws Exception {
        ProxyEndpoint binary = new ProxyEndpoint("b", endpoint("/rpc").endpoint(), Duration.ofSeconds(2), List.of(),
                List.of(), Map.of(), false, true);
        Proxies proxies = proxies(null);
        answer = p -> new Reply(200, "{\"result\":{\"b64data\":\"AAE=\"}}");
        var rpc = done(proxies.rpc(binary, CALLER.withUser("", null), "m", new byte[] {0, 1}));
        assertThat(received.poll(5, TimeUnit.SECONDS).body()).isEqualTo("{\"client\":\"c1\",\"transport\":\"websocket\","
                + "\"protocol\":\"json\",\"encoding\":\"binary\",\"user\":\"\",\"method\":\"m\",\"b64data\":\"AAE=\"}");
        assertThat(rpc.result().data()).containsExactly(0, 1);

        answer = p -> new Reply(200, "{\"result\":{\"data\":{\"rewritten\":true},\"skip_history\":true}}");
        var pub = done(proxies.publish(endpoint("/publish"), CALLER, "chat:1", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.poll(5, TimeUnit.SECONDS).body()).isEqualTo("{\"client\":\"c1\",\"transport\":\"websocket\","
                + "\"protocol\":\"json\",\"encoding\":\"json\",\"user\":\"u1\",\"channel\":\"chat:1\",\"data\":{},"
                + "\"meta\":{\"m\":1}}");
        assertThat(new String(pub.result().data(), StandardCharsets.UTF_8)).isEqualTo("{\"rewritten\":true}");
        assertThat(pub.result().skipHistory()).isTrue();
    }

    @Test
    void anErrorOrDisconnectFromTheBackendIsItsVerdict() throws Exception {
        Proxies proxies = proxies(endpoint("/connect"));
        answer = p -> new Reply(200, "{\"error\":{\"code\":1000,\"message\":\"custom\"}}");
        assertThat(done(proxies.connect(CALLER, null, "", "", List.of())).verdict())
                .isEqualTo(Verdict.refused(new ClientError(1000, "custom", false)));
        answer = p -> new Reply(200, "{\"disconnect\":{\"code\":4500,\"reason\":\"go away\"},\"error\":{\"code\":1}}");
        assertThat(done(proxies.connect(CALLER, null, "", "", List.of())).verdict())
                .isEqualTo(Verdict.ended(new Disconnect(4500, "go away")));
    }

    @Test
    void aFailedCallIsAnInternalErrorAndARefreshGetsAnotherMinute() throws Exception {
        Proxies proxies = proxies(endpoint("/connect"));
        for (Reply r : List.of(new Reply(500, "{}"), new Reply(200, "not json"), new Reply(200, "[1]"),
                new Reply(200, "{\"result\":{\"user\":5,\"expire_at\":\"x\"}}"), new Reply(-1, ""))) {
            answer = p -> r;
            assertThat(done(proxies.connect(CALLER, null, "", "", List.of())).verdict())
                    .as("%s", r).isEqualTo(Verdict.refused(ClientError.INTERNAL));
            assertThat(done(proxies.refresh(CALLER)).result()).as("%s", r)
                    .isEqualTo(new ProxyResults.Refresh(false, 1060, null, null));
        }
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeIsAnInternalError() throws Exception {
        answer = p -> null;
        Proxies proxies = proxies(endpoint("/connect").withTimeout(Duration.ofMillis(200)));
        long start = System.nanoTime();
        assertThat(done(proxies.connect(CALLER, null, "", "", List.of())).verdict())
                .isEqualTo(Verdict.refused(ClientError.INTERNAL));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPayloadThatIsNotJsonIsNotSent() throws Exception {
        Proxies proxies = proxies(endpoint("/connect"));
        assertThat(done(proxies.connect(CALLER, "{broken".getBytes(StandardCharsets.UTF_8), "", "", List.of()))
                .verdict()).isEqualTo(Verdict.refused(ClientError.INTERNAL));
        assertThat(received).isEmpty();
    }

    @Test
    void aMissingRefreshResultExpiresTheConnection() throws Exception {
        answer = p -> new Reply(200, "{}");
        assertThat(done(proxies(endpoint("/refresh")).refresh(CALLER)).result().expired()).isTrue();
        assertThat(received.poll(5, TimeUnit.SECONDS).body()).isEqualTo("{\"client\":\"c1\",\"transport\":"
                + "\"websocket\",\"protocol\":\"json\",\"encoding\":\"json\",\"user\":\"u1\",\"meta\":{\"m\":1}}");
    }

    @Test
    void rpcMethodsRouteByNamespace() {
        ProxyEndpoint p = endpoint("/rpc");
        ProxySettings s = new ProxySettings(null, null, Map.of(), Map.of("", new ProxySettings.RpcProxy(null),
                "app", new ProxySettings.RpcProxy(p)), ":");
        assertThat(s.rpc("app:do").proxy()).isSameAs(p);
        assertThat(s.rpc("do").error()).isEqualTo(ClientError.NOT_AVAILABLE);
        assertThat(s.rpc("other:do").error()).isEqualTo(ClientError.METHOD_NOT_FOUND);
        assertThat(s.rpcEnabled()).isTrue();
        assertThat(ProxySettings.NONE.rpcEnabled()).isFalse();
    }
}
