package io.switchboard.protocol.proxy;

import io.switchboard.core.ClientError;
import io.switchboard.core.Meters;
import io.switchboard.json.JsonObject;
import io.switchboard.protocol.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The proxies of one server, shared by its protocols: each call builds the request, POSTs it and reads the reply
 * into the kind's result, refused or ended by the backend. A call that fails (timeout, closed connection, status
 * other than 200, unreadable reply) is answered as Centrifugo answers it: internal error 100 (temporary, so a
 * connecting client retries) for connect, subscribe, publish, RPC and sub_refresh; for refresh another minute of
 * life. Futures complete on the HTTP client's threads: a protocol brings them back to its loop.
 */
public final class Proxies implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Proxies.class);
    /** Centrifugo's grace after a failed refresh call. */
    static final long REFRESH_RETRY_SECONDS = 60;

    public static final Proxies NONE = new Proxies(ProxySettings.NONE, null, () -> System.currentTimeMillis() / 1000);

    private final ProxySettings settings;
    private final ProxyClient client;
    private final LongSupplier nowSeconds;
    private final ProxyMeters meters;

    public Proxies(ProxySettings settings, ProxyClient client, LongSupplier nowSeconds) {
        this(settings, client, nowSeconds, Meters.NONE);
    }

    public Proxies(ProxySettings settings, ProxyClient client, LongSupplier nowSeconds, Meters meters) {
        this.settings = settings;
        this.client = client;
        this.nowSeconds = nowSeconds;
        this.meters = new ProxyMeters(meters);
    }

    /** With an HTTP client of its own when anything is proxied. */
    public static Proxies of(ProxySettings settings, LongSupplier nowSeconds) {
        return of(settings, nowSeconds, null);
    }

    /** With a transport for {@code grpc://} endpoints. */
    public static Proxies of(ProxySettings settings, LongSupplier nowSeconds, ProxyTransport grpc) {
        return of(settings, nowSeconds, grpc, Meters.NONE);
    }

    /** Reporting Centrifugo's {@code centrifugo_proxy_*} metrics to these meters. */
    public static Proxies of(ProxySettings settings, LongSupplier nowSeconds, ProxyTransport grpc, Meters meters) {
        boolean any = settings.connect() != null || settings.refresh() != null || settings.rpcEnabled()
                || !settings.namespaces().isEmpty();
        return any ? new Proxies(settings, new ProxyClient(grpc), nowSeconds, meters) : NONE;
    }

    public ProxySettings settings() {
        return settings;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonObject result) throws Fields.BadReply;
    }

    @FunctionalInterface
    private interface Body {
        byte[] build() throws ProxyRequests.NotJson;
    }

    public CompletableFuture<ProxyReply<ProxyResults.Connect>> connect(ProxyCaller caller, byte[] data, String name,
                                                                       String version, List<String> channels) {
        ProxyEndpoint p = settings.connect();
        return call("Connect", p, caller, () -> ProxyRequests.connect(p, caller, data, name, version, channels),
                r -> r == null ? null : ProxyResults.connect(r), internal());
    }

    public CompletableFuture<ProxyReply<ProxyResults.Refresh>> refresh(ProxyCaller caller) {
        ProxyEndpoint p = settings.refresh();
        // a missing result ends the connection, as Centrifugo reads it
        return call("Refresh", p, caller, () -> ProxyRequests.refresh(p, caller),
                r -> r == null ? new ProxyResults.Refresh(true, 0, null, null) : ProxyResults.refresh(r),
                ProxyReply.of(new ProxyResults.Refresh(false, nowSeconds.getAsLong() + REFRESH_RETRY_SECONDS, null, null)));
    }

    public CompletableFuture<ProxyReply<ProxyResults.Subscribe>> subscribe(ProxyEndpoint p, ProxyCaller caller,
                                                                           String channel, String token, byte[] data) {
        return call("Subscribe", p, caller, () -> ProxyRequests.subscribe(p, caller, channel, token, data), ProxyResults::subscribe,
                internal());
    }

    public CompletableFuture<ProxyReply<ProxyResults.Publish>> publish(ProxyEndpoint p, ProxyCaller caller,
                                                                       String channel, byte[] data) {
        return call("Publish", p, caller, () -> ProxyRequests.publish(p, caller, channel, data), ProxyResults::publish, internal());
    }

    public CompletableFuture<ProxyReply<ProxyResults.Rpc>> rpc(ProxyEndpoint p, ProxyCaller caller, String method,
                                                               byte[] data) {
        return call("RPC", p, caller, () -> ProxyRequests.rpc(p, caller, method, data), ProxyResults::rpc, internal());
    }

    public CompletableFuture<ProxyReply<ProxyResults.SubRefresh>> subRefresh(ProxyEndpoint p, ProxyCaller caller,
                                                                             String channel) {
        return call("SubRefresh", p, caller, () -> ProxyRequests.subRefresh(p, caller, channel),
                r -> r == null ? new ProxyResults.SubRefresh(true, 0, null) : ProxyResults.subRefresh(r), internal());
    }

    /**
     * Centrifugo's shared poll refresh of {@code keys} in {@code channel}, a call of the server's own; the reply's
     * items, or a refusal (a failed call is 100).
     */
    public CompletableFuture<ProxyReply<List<ProxyResults.PolledItem>>> sharedPollRefresh(ProxyEndpoint p, String channel,
                                                                                          List<PolledKey> keys) {
        return call("SharedPollRefresh", p, ProxyRequests.SERVER_CALLER, () -> ProxyRequests.sharedPollRefresh(p, channel, keys),
                r -> r == null ? List.of() : ProxyResults.polled(r), internal());
    }

    private static <T> ProxyReply<T> internal() {
        return ProxyReply.not(Verdict.refused(ClientError.INTERNAL));
    }

    private <T> CompletableFuture<ProxyReply<T>> call(String method, ProxyEndpoint p, ProxyCaller caller, Body body,
                                                      Reader<T> reader,
                                                      ProxyReply<T> onFailure) {
        if (p == null || client == null) return CompletableFuture.completedFuture(ProxyReply.not(
                Verdict.refused(ClientError.NOT_AVAILABLE)));
        ProxyMeters.Of m = meters.of(method, p);
        byte[] request;
        try {
            request = body.build();
        } catch (ProxyRequests.NotJson e) {
            log.error("error proxying to {} for client {}: {}", p.endpoint(), caller.client(), e.getMessage());
            m.errors().increment();
            return CompletableFuture.completedFuture(onFailure);
        }
        long started = System.nanoTime();
        return client.call(method, p, caller, request).thenApply(answer -> {
            m.duration().record(System.nanoTime() - started);
            if (answer instanceof ProxyAnswer.Ended e) return ProxyReply.not(Verdict.ended(e.disconnect()));
            if (answer instanceof ProxyAnswer.Refused r) return ProxyReply.not(Verdict.refused(r.error()));
            if (answer instanceof ProxyAnswer.Result r) {
                try {
                    return ProxyReply.of(reader.read(r.result()));
                } catch (Fields.BadReply e) {
                    log.error("bad reply from {} for client {}: {}", p.endpoint(), caller.client(), e.getMessage());
                }
            }
            m.errors().increment();
            return onFailure;
        });
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
