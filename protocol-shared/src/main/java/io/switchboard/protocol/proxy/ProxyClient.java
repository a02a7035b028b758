package io.switchboard.protocol.proxy;

import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs proxy requests with the JDK's asynchronous HTTP client: a call returns at once and its future completes
 * on the client's own threads, never failing: a timeout, a closed connection, a status other than 200 or a body
 * that is not a reply all become {@link ProxyAnswer.Failed}. Headers follow Centrifugo: static ones first, then
 * emulated ones the proxy lists, then transport ones it lists, and the JSON content type.
 */
public final class ProxyClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyClient.class);
    /** Bodies larger than this are not replies we read. */
    static final int MAX_REPLY_BYTES = 16 << 20;
    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "content-type");

    private final ExecutorService threads;
    private final HttpClient http;
    private final ProxyTransport grpc;

    public ProxyClient() {
        this(null);
    }

    /** With a transport for {@code grpc://} endpoints (null: those calls fail). */
    public ProxyClient(ProxyTransport grpc) {
        this.grpc = grpc;
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "proxy-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    CompletableFuture<ProxyAnswer> call(String method, ProxyEndpoint proxy, ProxyCaller caller, byte[] body) {
        if (proxy.grpc()) return viaGrpc(method, proxy, caller, body);
        HttpRequest request;
        try {
            request = request(proxy, caller, body);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ProxyAnswer.Failed("bad request to " + proxy.endpoint()
                    + ": " + e.getMessage()));
        }
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            // the request's timeout ends the wait for headers; this one the whole call, body included
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(proxy.timeout().toMillis() + 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new ProxyAnswer.Failed(e.toString()));
        }
        return sent.handle((response, err) -> {
            ProxyAnswer answer = err != null ? failed(err) : read(response.statusCode(), response.body());
            if (answer instanceof ProxyAnswer.Failed f) {
                log.error("error proxying to {} for client {}: {}", proxy.endpoint(), caller.client(), f.why());
            }
            return answer;
        });
    }

    private CompletableFuture<ProxyAnswer> viaGrpc(String method, ProxyEndpoint proxy, ProxyCaller caller, byte[] body) {
        if (grpc == null) return CompletableFuture.completedFuture(new ProxyAnswer.Failed("no gRPC proxy transport"));
        CompletableFuture<byte[]> sent;
        try {
            sent = grpc.call(method, proxy, caller, body)
                    .orTimeout(proxy.timeout().toMillis() + 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new ProxyAnswer.Failed(e.toString()));
        }
        return sent.handle((reply, err) -> {
            ProxyAnswer answer = err != null ? failed(err) : read(200, reply);
            if (answer instanceof ProxyAnswer.Failed f) {
                log.error("error proxying to {} for client {}: {}", proxy.endpoint(), caller.client(), f.why());
            }
            return answer;
        });
    }

    private static HttpRequest request(ProxyEndpoint proxy, ProxyCaller caller, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy.endpoint())).timeout(proxy.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(proxy.staticHeaders());
        for (Map.Entry<String, String> e : caller.emulated().entrySet()) {
            if (proxy.emulatedHeaders().contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                headers.put(e.getKey(), e.getValue());
            }
        }
        for (String name : proxy.httpHeaders()) {
            String value = caller.header().apply(name);
            if (value != null) headers.put(name, value);
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (!RESTRICTED.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) b.header(e.getKey(), e.getValue());
        }
        return b.header("Content-Type", "application/json").build();
    }

    private static ProxyAnswer failed(Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) return new ProxyAnswer.Failed("timeout");
        return new ProxyAnswer.Failed(cause.toString());
    }

    /** A response → the answer: Centrifugo reads disconnect first, then error, then result. */
    static ProxyAnswer read(int status, byte[] body) {
        if (status != 200) return new ProxyAnswer.Failed("unexpected HTTP status code: " + status);
        if (body == null || body.length > MAX_REPLY_BYTES) return new ProxyAnswer.Failed("reply too large");
        try {
            Object tree = JsonTree.parse(body);
            if (!(tree instanceof JsonObject reply)) return new ProxyAnswer.Failed("reply is not a JSON object");
            JsonObject disconnect = Fields.object(reply, "disconnect");
            if (disconnect != null) {
                return new ProxyAnswer.Ended(new Disconnect((int) Fields.integer(disconnect, "code"),
                        Fields.string(disconnect, "reason")));
            }
            JsonObject error = Fields.object(reply, "error");
            if (error != null) {
                return new ProxyAnswer.Refused(new ClientError((int) Fields.integer(error, "code"),
                        Fields.string(error, "message"), Fields.bool(error, "temporary")));
            }
            return new ProxyAnswer.Result(Fields.object(reply, "result"));
        } catch (IOException | Fields.BadReply e) {
            return new ProxyAnswer.Failed("bad reply: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        if (grpc != null) grpc.close();
    }
}
