package io.switchboard.pusher.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A webhook receiver on loopback, as a backend would be: it checks each request the way pusher-http-node's
 * {@code WebHook.isValid()} does (exact content type, key, HMAC of the raw body, computed here on its own) and
 * answers what the test's {@link Answer} says. Bodies it answers with a 2xx count as delivered.
 */
final class WebhookReceiver implements AutoCloseable {
    /** The status for a request (the n-th to this path, from 1); it may block, e.g. on {@link #held()}. */
    @FunctionalInterface
    interface Answer {
        int status(int n, Request request);
    }

    record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) return String.join(",", h.getValue());
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A delivered body, parsed. */
    record Body(long timeMs, List<Map<String, Object>> events) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final String key;
    private final String secret;
    private final Answer answer;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Body>> delivered = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Request> allRequests = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    WebhookReceiver(String key, String secret, Answer answer) throws IOException {
        this.key = key;
        this.secret = secret;
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static WebhookReceiver accepting(String key, String secret) throws IOException {
        return new WebhookReceiver(key, secret, (n, r) -> 200);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Blocks until the receiver closes, then answers 200 (to a client long gone): a receiver that never answers. */
    int held() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 200;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        Request request = new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body);
        check(request);
        int n = counts.merge(path, 1, Integer::sum);
        synchronized (allRequests) {
            allRequests.add(request);
        }
        requests.add(request);
        int status;
        try {
            status = answer.status(n, request);
        } catch (RuntimeException e) {
            status = 500;
        }
        // Recorded before the answer leaves, so a sender that saw the 2xx finds its body here.
        if (status >= 200 && status < 300) {
            delivered.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()).add(parse(request));
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException gone) {
            // the sender gave up on this request
        } finally {
            exchange.close();
        }
    }

    private void check(Request r) {
        List<String> found = new ArrayList<>();
        if (!"POST".equals(r.method())) found.add("method " + r.method());
        if (!"application/json".equals(r.header("Content-Type"))) found.add("content type " + r.header("Content-Type"));
        if (!key.equals(r.header("X-Pusher-Key"))) found.add("key " + r.header("X-Pusher-Key"));
        if (!hmac(secret, r.body()).equals(r.header("X-Pusher-Signature"))) {
            found.add("signature " + r.header("X-Pusher-Signature"));
        }
        if (!found.isEmpty()) {
            synchronized (problems) {
                problems.add(r.path() + ": " + found);
            }
        }
    }

    private Body parse(Request r) {
        try {
            Object tree = plain(JsonTree.parse(r.body()));
            if (!(tree instanceof Map<?, ?> map) || !List.of("time_ms", "events").equals(new ArrayList<>(map.keySet()))) {
                throw new IOException("not {time_ms, events}: " + r.text());
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) map.get("events");
            return new Body((Long) map.get("time_ms"), events);
        } catch (IOException | RuntimeException e) {
            synchronized (problems) {
                problems.add(r.path() + ": body " + e.getMessage());
            }
            return new Body(-1, List.of());
        }
    }

    private static Object plain(Object json) {
        if (json instanceof JsonObject obj) {
            Map<String, Object> m = new LinkedHashMap<>();
            obj.members().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (json instanceof List<?> list) return list.stream().map(WebhookReceiver::plain).toList();
        if (json instanceof JsonNumber n) return n.integral() ? (Object) Long.parseLong(n.text()) : Double.parseDouble(n.text());
        return json;
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next delivered body to this path, or a failure after the timeout. */
    Body nextBody(String path, Duration timeout) throws InterruptedException {
        Body body = delivered.computeIfAbsent(path, p -> new LinkedBlockingQueue<>())
                .poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (body == null) fail("no webhook body reached " + path + " within " + timeout);
        return body;
    }

    /** Delivered events to this path, body after body, up to and including the first about {@code lastChannel}. */
    List<Map<String, Object>> eventsUntil(String path, String lastChannel, Duration timeout) throws InterruptedException {
        List<Map<String, Object>> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Body body = nextBody(path, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
            events.addAll(body.events());
            if (body.events().stream().anyMatch(e -> lastChannel.equals(e.get("channel")))) return events;
        }
    }

    /** Waits until at least n requests (answered or not) have come in. */
    void awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requestCount() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || requests.poll(left, TimeUnit.NANOSECONDS) == null) {
                fail("only " + requestCount() + " of " + n + " webhook requests came within " + timeout);
            }
        }
    }

    int requestCount() {
        synchronized (allRequests) {
            return allRequests.size();
        }
    }

    List<Request> allRequests() {
        synchronized (allRequests) {
            return List.copyOf(allRequests);
        }
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
