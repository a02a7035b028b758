package io.switchboard.pusher;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.CoreException;
import io.switchboard.core.Node;
import io.switchboard.core.PublishOptions;
import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Pusher's signed HTTP API under {@code /apps/{id}/} (and Broadcastt's spellings of it): triggering events,
 * reading channels and their users, terminating a user's connections. Every answer is JSON; a request is checked
 * for its app (404), the app for being enabled (403), then the signature (401), then the body (400, 413).
 * Answers that wait for the core leave from whichever thread completes it.
 */
final class PusherApi implements HttpRoute {
    /** How long the channel queries wait for every node's counts. */
    private static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PusherApi.class);
    private static final String JSON = "application/json";

    private final Pusher pusher;

    PusherApi(Pusher pusher) {
        this.pusher = pusher;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            fail(exchange, e);
        }
    }

    private void route(HttpExchange exchange) {
        String[] segments = exchange.path().split("/", -1); // "", "apps", id, what…
        if (segments.length < 4 || !segments[1].equals("apps")) throw new ApiRefusal(404, "not found");
        PusherApp app = pusher.apps().byId(segments[2]);
        if (app == null) throw new ApiRefusal(404, "unknown app " + segments[2]);
        if (!app.enabled()) throw new ApiRefusal(403, "app " + app.id() + " is disabled");
        String refusal = ApiSignature.refusal(app, exchange.method(), signedPaths(exchange), exchange.queryParams(),
                exchange.body(), pusher.access().channels().clock());
        if (refusal != null) throw new ApiRefusal(401, refusal);

        Map<String, String> query = ApiSignature.lowercased(exchange.queryParams());
        List<String> what = List.of(segments).subList(3, segments.length);
        boolean post = exchange.method().equals("POST");
        boolean get = exchange.method().equals("GET");
        String first = what.get(0);
        if (post && what.size() == 1 && first.equals("events")) {
            // Pusher's single event, or Broadcastt's batch at the same path: the body's shape tells which
            JsonObject body = body(exchange);
            answer(exchange, TriggerRequest.has(body, "batch") ? batch(app, body) : trigger(app, body));
        } else if (post && what.size() == 1 && first.equals("event")) {
            answer(exchange, trigger(app, body(exchange)));
        } else if (post && what.size() == 1 && first.equals("batch_events")) {
            answer(exchange, batch(app, body(exchange)));
        } else if (get && what.size() == 1 && first.equals("channels")) {
            answer(exchange, channels(app, query.get("filter_by_prefix"), InfoAttributes.parse(query.get("info"))));
        } else if (get && what.size() == 2 && (first.equals("channels") || first.equals("channel"))) {
            answer(exchange, channel(app, what.get(1), InfoAttributes.parse(query.get("info"))));
        } else if (get && what.size() == 3 && first.equals("channels") && what.get(2).equals("users")) {
            answer(exchange, users(app, what.get(1)));
        } else if (post && what.size() == 3 && first.equals("users") && what.get(2).equals("terminate_connections")) {
            answer(exchange, pusher.terminateEverywhere(app, what.get(1)).thenApply(v -> Map.of()));
        } else {
            throw new ApiRefusal(404, "no such API path " + exchange.path());
        }
    }

    /** The path as sent and as decoded: signers sign what they wrote in the URL, which may be either. */
    private static Set<String> signedPaths(HttpExchange exchange) {
        String uri = exchange.uri();
        int q = uri.indexOf('?');
        Set<String> paths = new LinkedHashSet<>();
        paths.add(q < 0 ? uri : uri.substring(0, q));
        paths.add(exchange.path());
        return paths;
    }

    private static JsonObject body(HttpExchange exchange) {
        return body(exchange.body());
    }

    /** The request body's JSON object, or an {@link ApiRefusal}: whatever the bytes, nothing else leaves. */
    static JsonObject body(byte[] bytes) {
        Object json;
        try {
            json = JsonTree.parse(bytes);
        } catch (IOException | RuntimeException e) {
            throw ApiRefusal.badRequest("the body is not JSON: " + e.getMessage());
        }
        if (!(json instanceof JsonObject object)) throw ApiRefusal.badRequest("the body must be a JSON object");
        return object;
    }

    // --- events ---------------------------------------------------------------------------------------

    /** {@code {}}, or with {@code info} {@code {"channels":{C:{attrs}}}}. */
    private CompletableFuture<Object> trigger(PusherApp app, JsonObject body) {
        TriggerRequest event = TriggerRequest.parse(body, app);
        return publish(app, event).thenCompose(v -> {
            if (!event.info().any()) return CompletableFuture.completedFuture(Map.of());
            return countsIf(event.info().subscriptionCount()).thenCompose(counts -> {
                Map<String, CompletableFuture<Map<String, Object>>> attrs = new LinkedHashMap<>();
                for (String c : event.channels()) attrs.put(c, attributes(app, c, event.info(), counts));
                return all(attrs).thenApply(channels -> (Object) Map.of("channels", channels));
            });
        });
    }

    /** Every event is checked before any is published; {@code {}}, or {@code {"batch":[{attrs}…]}} in request order. */
    private CompletableFuture<Object> batch(PusherApp app, JsonObject body) {
        if (!(TriggerRequest.member(body, "batch") instanceof List<?> items)) {
            throw ApiRefusal.badRequest("batch must be an array of events");
        }
        if (items.size() > app.maxEventBatchSize()) {
            throw ApiRefusal.badRequest("a batch may hold at most " + app.maxEventBatchSize() + " events");
        }
        List<TriggerRequest> events = new ArrayList<>(items.size());
        for (Object item : items) events.add(TriggerRequest.parse(item, app));
        List<CompletableFuture<Void>> published = new ArrayList<>(events.size());
        for (TriggerRequest e : events) published.add(publish(app, e));
        return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            if (events.stream().noneMatch(e -> e.info().any())) return CompletableFuture.completedFuture(Map.of());
            return countsIf(events.stream().anyMatch(e -> e.info().subscriptionCount())).thenCompose(counts -> {
                List<CompletableFuture<Map<String, Object>>> attrs = new ArrayList<>(events.size());
                for (TriggerRequest e : events) {
                    // a batch event names one channel; with several, the first answers for it
                    attrs.add(e.info().any() ? attributes(app, e.channels().get(0), e.info(), counts)
                            : CompletableFuture.completedFuture(Map.of()));
                }
                return CompletableFuture.allOf(attrs.toArray(CompletableFuture[]::new))
                        .thenApply(w -> (Object) Map.of("batch", attrs.stream().map(CompletableFuture::join).toList()));
            });
        });
    }

    private CompletableFuture<Void> publish(PusherApp app, TriggerRequest event) {
        Node node = pusher.node();
        byte[] data = EventData.toCore(event.data());
        PublishOptions options = new PublishOptions(null, EventData.tags(event.name()), false, false,
                event.socketId() == null || event.socketId().isEmpty() ? null : event.socketId());
        List<CompletableFuture<?>> published = new ArrayList<>(event.channels().size());
        for (String c : event.channels()) published.add(node.publish(app.coreChannel(c), data, options));
        return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
    }

    // --- channels -------------------------------------------------------------------------------------

    /** This app's occupied channels on every node, by name. */
    private CompletableFuture<Object> channels(PusherApp app, String prefix, InfoAttributes info) {
        String p = prefix == null ? "" : prefix;
        if (info.userCount() && !p.startsWith("presence-")) {
            throw ApiRefusal.badRequest("user_count is only available with filter_by_prefix=presence-");
        }
        return everywhere().thenCompose(counts -> {
            Map<String, CompletableFuture<Map<String, Object>>> attrs = new TreeMap<>();
            counts.forEach((core, n) -> {
                String name = app.pusherChannel(core);
                // another app's channel, or a core channel no Pusher client could name
                if (name == null || !name.startsWith(p) || !TriggerRequest.validChannel(name, app)) return;
                attrs.put(name, attributes(app, name, info, n));
            });
            return all(attrs).thenApply(channels -> (Object) Map.of("channels", channels));
        });
    }

    private CompletableFuture<Object> channel(PusherApp app, String name, InfoAttributes info) {
        checkName(app, name);
        if (info.userCount() && ChannelType.of(name) != ChannelType.PRESENCE) {
            throw ApiRefusal.badRequest("user_count is only available for presence channels");
        }
        return everywhere().thenCompose(counts -> {
            int subscriptions = counts.getOrDefault(app.coreChannel(name), 0);
            return attributes(app, name, info, subscriptions).thenApply(attrs -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("occupied", subscriptions > 0);
                out.putAll(attrs);
                return out;
            });
        });
    }

    /** Subscribers per core channel over every node (one node alone answers at once). */
    private CompletableFuture<Map<String, Integer>> everywhere() {
        return pusher.node().channelsEverywhere(SURVEY_TIMEOUT);
    }

    private CompletableFuture<Object> users(PusherApp app, String name) {
        checkName(app, name);
        if (ChannelType.of(name) != ChannelType.PRESENCE) throw ApiRefusal.badRequest("users are only listed for presence channels");
        return pusher.node().presence(app.coreChannel(name)).thenApply(members -> {
            Set<String> ids = new TreeSet<>(); // one entry per user, however many connections; in a stable order
            for (ClientInfo m : members.values()) ids.add(m.user());
            return Map.of("users", ids.stream().map(id -> Map.of("id", id)).toList());
        });
    }

    private static void checkName(PusherApp app, String name) {
        if (!TriggerRequest.validChannel(name, app)) throw ApiRefusal.badRequest("invalid channel name " + CompactJson.write(name));
    }

    /** The cluster's subscriber counts, asked of the nodes once per request and only when an answer needs them. */
    private CompletableFuture<Map<String, Integer>> countsIf(boolean needed) {
        return needed ? everywhere() : CompletableFuture.completedFuture(Map.of());
    }

    private CompletableFuture<Map<String, Object>> attributes(PusherApp app, String name, InfoAttributes info,
                                                             Map<String, Integer> counts) {
        return attributes(app, name, info, counts.getOrDefault(app.coreChannel(name), 0));
    }

    /** The attributes asked for: {@code user_count} of presence channels, {@code subscription_count}. */
    private CompletableFuture<Map<String, Object>> attributes(PusherApp app, String name, InfoAttributes info,
                                                             int subscriptions) {
        String core = app.coreChannel(name);
        CompletableFuture<Integer> users = info.userCount() && ChannelType.of(name) == ChannelType.PRESENCE
                ? userCount(core) : CompletableFuture.completedFuture(null);
        return users.thenApply(n -> {
            Map<String, Object> out = new LinkedHashMap<>();
            if (n != null) out.put("user_count", n);
            if (info.subscriptionCount()) out.put("subscription_count", subscriptions);
            return out;
        });
    }

    private CompletableFuture<Integer> userCount(String core) {
        return pusher.node().presence(core).thenApply(members -> {
            Set<String> ids = new HashSet<>();
            for (ClientInfo m : members.values()) ids.add(m.user());
            return ids.size();
        });
    }

    private static <K> CompletableFuture<Map<K, Object>> all(Map<K, CompletableFuture<Map<String, Object>>> futures) {
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<K, Object> out = new LinkedHashMap<>();
            futures.forEach((k, f) -> out.put(k, f.join()));
            return out;
        });
    }

    // --- answers --------------------------------------------------------------------------------------

    private static void answer(HttpExchange exchange, CompletableFuture<Object> body) {
        body.whenComplete((value, error) -> {
            try {
                if (error != null) fail(exchange, error);
                else exchange.respond(200, JSON, CompactJson.write(value));
            } catch (RuntimeException e) {
                fail(exchange, e); // whenComplete would drop it and leave the request unanswered
            }
        });
    }

    private static void fail(HttpExchange exchange, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        int status;
        String message;
        if (t instanceof ApiRefusal r) {
            status = r.status;
            message = r.getMessage();
        } else if (t instanceof CoreException) {
            ClientError e = CoreException.errorOf(t);
            // the channel's name or namespace is not one the server's channel rules know
            status = e.equals(ClientError.BAD_REQUEST) || e.equals(ClientError.UNKNOWN_CHANNEL) ? 400 : 500;
            message = e.message();
        } else {
            log.warn("Pusher API request {} {} failed", exchange.method(), exchange.path(), t);
            status = 500;
            message = "internal server error";
        }
        exchange.respond(status, JSON, CompactJson.write(Map.of("error", message)));
    }
}
