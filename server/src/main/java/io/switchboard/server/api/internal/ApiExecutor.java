package io.switchboard.server.api.internal;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.EngineUnavailableException;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.MapBroker;
import io.switchboard.core.MapOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.Node;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.StreamPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs server API requests on the node, validating them as Centrifugo's API does, whatever transport they came
 * by. Every method completes normally: failures, an engine's included, are answered as a {@link ClientError}.
 */
public final class ApiExecutor {
    /** How long {@code channels} waits for the nodes' answers (Centrifugo waits for its survey likewise). */
    static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ApiExecutor.class);
    /** Centrifugo's server API answers a batch command without a method it knows with 104 "not found". */
    public static final ClientError NOT_FOUND = new ClientError(104, "not found", false);

    private final Node node;
    private final int historyMaxLimit;

    public ApiExecutor(Node node, int historyMaxLimit) {
        this.node = node;
        this.historyMaxLimit = historyMaxLimit;
    }

    /** Any request, as a batch entry runs it. */
    public CompletableFuture<Answer<?>> execute(ApiRequest r) {
        if (r instanceof ApiRequest.Publish p) return widen(publish(p));
        if (r instanceof ApiRequest.Broadcast b) return widen(broadcast(b));
        if (r instanceof ApiRequest.MapPublish m) return widen(mapPublish(m));
        if (r instanceof ApiRequest.MapRemove m) return widen(mapRemove(m));
        if (r instanceof ApiRequest.MapReadState m) return widen(mapReadState(m));
        if (r instanceof ApiRequest.MapStats m) return widen(mapStats(m));
        if (r instanceof ApiRequest.MapReadStream m) return widen(mapReadStream(m));
        if (r instanceof ApiRequest.MapClear m) return widen(mapClear(m));
        if (r instanceof ApiRequest.Subscribe s) return widen(subscribe(s));
        if (r instanceof ApiRequest.Unsubscribe u) return widen(unsubscribe(u));
        if (r instanceof ApiRequest.Disconnect d) return widen(disconnect(d));
        if (r instanceof ApiRequest.Refresh f) return widen(refresh(f));
        if (r instanceof ApiRequest.Presence p) return widen(presence(p));
        if (r instanceof ApiRequest.PresenceStats p) return widen(presenceStats(p));
        if (r instanceof ApiRequest.History h) return widen(history(h));
        if (r instanceof ApiRequest.HistoryRemove h) return widen(historyRemove(h));
        if (r instanceof ApiRequest.Channels c) return widen(channels(c));
        if (r instanceof ApiRequest.Info) return widen(info());
        if (r instanceof ApiRequest.NotACommand) return done(Answer.failed(ClientError.BAD_REQUEST));
        return done(Answer.failed(NOT_FOUND)); // NoMethod, or a batch inside a batch
    }

    public CompletableFuture<Answer<StreamPosition>> publish(ApiRequest.Publish r) {
        return guard("publish", () -> {
            String channel = channel(r.channel());
            byte[] data = required(payload(r.data(), r.b64data()));
            return node.publish(channel, data, new PublishOptions(null, r.tags(), r.skipHistory(), r.delta()));
        });
    }

    public CompletableFuture<Answer<StreamPosition>> mapPublish(ApiRequest.MapPublish r) {
        return guard("map_publish", () -> {
            String channel = channel(r.channel());
            MapOptions map = mapOptions(channel);
            if (r.key().isEmpty()) throw bad();
            byte[] data = required(payload(r.data(), r.b64data()));
            return node.maps().publish(channel, map, r.key(), data, null, r.tags(), false);
        });
    }

    public CompletableFuture<Answer<StreamPosition>> mapRemove(ApiRequest.MapRemove r) {
        return guard("map_remove", () -> {
            String channel = channel(r.channel());
            MapOptions map = mapOptions(channel);
            if (r.key().isEmpty()) throw bad();
            return node.maps().publish(channel, map, r.key(), null, null, Map.of(), true);
        });
    }

    /** A page of the state read as one cut: its entries, position and the cursor of the next page ("" at the end). */
    public record MapPage(MapBroker.State state, String cursor) {
    }

    public CompletableFuture<Answer<MapPage>> mapReadState(ApiRequest.MapReadState r) {
        return guard("map_read_state", () -> {
            String channel = channel(r.channel());
            MapOptions map = mapOptions(channel);
            int from = cursor(r.cursor());
            if (r.limit() < 0) throw bad();
            return node.maps().state(channel, map).thenApply(state -> {
                List<Publication> entries = state.entries();
                if (!r.key().isEmpty()) {
                    entries = entries.stream().filter(p -> r.key().equals(p.key())).toList();
                    return new MapPage(new MapBroker.State(entries, state.position()), "");
                }
                int start = Math.min(from, entries.size());
                int end = r.limit() == 0 ? entries.size() : Math.min(entries.size(), start + r.limit());
                return new MapPage(new MapBroker.State(List.copyOf(entries.subList(start, end)), state.position()),
                        end < entries.size() ? Integer.toString(end) : "");
            });
        });
    }

    public CompletableFuture<Answer<Integer>> mapStats(ApiRequest.MapStats r) {
        return guard("map_stats", () -> {
            String channel = channel(r.channel());
            return node.maps().state(channel, mapOptions(channel)).thenApply(s -> s.entries().size());
        });
    }

    public CompletableFuture<Answer<HistoryResult>> mapReadStream(ApiRequest.MapReadStream r) {
        return guard("map_read_stream", () -> {
            String channel = channel(r.channel());
            MapOptions map = mapOptions(channel);
            if (r.limit() < 0 || r.sinceOffset() < 0) throw bad();
            return node.maps().stream(channel, map, r.sinceOffset(), r.limit(), r.reverse());
        });
    }

    public CompletableFuture<Answer<Void>> mapClear(ApiRequest.MapClear r) {
        return guard("map_clear", () -> {
            String channel = channel(r.channel());
            return node.maps().clear(channel, mapOptions(channel));
        });
    }

    private static int cursor(String cursor) {
        if (cursor.isEmpty()) return 0;
        try {
            int n = Integer.parseInt(cursor);
            if (n < 0) throw bad();
            return n;
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    /** A map channel's options: unknown namespace 102, a stream channel 107. */
    private MapOptions mapOptions(String channel) {
        MapOptions map = node.optionsFor(channel).orElseThrow(() -> new CoreException(ClientError.UNKNOWN_CHANNEL)).map();
        if (map == null) throw bad();
        return map;
    }

    /** Fails as a whole without channels or data; an empty or failing channel fails only its own entry. */
    public CompletableFuture<Answer<List<Answer<StreamPosition>>>> broadcast(ApiRequest.Broadcast r) {
        return guard("broadcast", () -> {
            if (r.channels().isEmpty()) throw bad();
            byte[] data = required(payload(r.data(), r.b64data()));
            PublishOptions options = new PublishOptions(null, r.tags(), r.skipHistory(), r.delta());
            List<CompletableFuture<Answer<StreamPosition>>> each = new ArrayList<>();
            for (String channel : r.channels()) {
                each.add(guard("broadcast", () -> node.publish(channel(channel), data, options)));
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        });
    }

    public CompletableFuture<Answer<Void>> subscribe(ApiRequest.Subscribe r) {
        return guard("subscribe", () -> {
            String channel = knownChannel(channel(r.channel()));
            ServerSubscription sub = new ServerSubscription(payload(r.info(), r.b64info()), payload(r.data(), r.b64data()));
            return node.control(new ControlCommand.SubscribeUser(r.user(), r.client(), channel, sub));
        });
    }

    public CompletableFuture<Answer<Void>> unsubscribe(ApiRequest.Unsubscribe r) {
        return guard("unsubscribe", () -> {
            return node.control(new ControlCommand.UnsubscribeUser(r.user(), r.client(), knownChannel(channel(r.channel()))));
        });
    }

    /** Codes outside 3000-4999 are refused: below is reserved to the WebSocket protocol, above to nothing. */
    public CompletableFuture<Answer<Void>> disconnect(ApiRequest.Disconnect r) {
        return guard("disconnect", () -> {
            Disconnect d = Disconnect.FORCE_NO_RECONNECT;
            if (r.code() != 0) {
                if (r.code() < 3000 || r.code() > 4999) throw bad();
                d = new Disconnect((int) r.code(), r.reason());
            }
            return node.control(new ControlCommand.DisconnectUser(r.user(), r.client(), r.whitelist(), d));
        });
    }

    public CompletableFuture<Answer<Void>> refresh(ApiRequest.Refresh r) {
        return guard("refresh", () -> {
            return node.control(new ControlCommand.RefreshUser(r.user(), r.client(), r.expired(), r.expireAt()));
        });
    }

    public CompletableFuture<Answer<Map<String, ClientInfo>>> presence(ApiRequest.Presence r) {
        return guard("presence", () -> node.presence(channel(r.channel())));
    }

    public CompletableFuture<Answer<PresenceStats>> presenceStats(ApiRequest.PresenceStats r) {
        return guard("presence_stats", () -> node.presenceStats(channel(r.channel())));
    }

    /** A limit of 0 reads only the stream position; a negative one, or one above the maximum, reads the maximum. */
    public CompletableFuture<Answer<HistoryResult>> history(ApiRequest.History r) {
        return guard("history", () -> {
            String channel = channel(r.channel());
            int limit = r.limit() < 0 || r.limit() > historyMaxLimit ? historyMaxLimit : r.limit();
            StreamPosition since = r.since() == null ? null : new StreamPosition(r.since().offset(), r.since().epoch());
            return node.history(channel, new HistoryFilter(since, limit, r.reverse()));
        });
    }

    public CompletableFuture<Answer<Void>> historyRemove(ApiRequest.HistoryRemove r) {
        return guard("history_remove", () -> node.removeHistory(channel(r.channel())));
    }

    /** The channels with subscribers on any node, by name, with their number of subscribers over the cluster. */
    public CompletableFuture<Answer<SortedMap<String, Integer>>> channels(ApiRequest.Channels r) {
        return guard("channels", () -> {
            Predicate<String> matches = ChannelGlob.of(r.pattern() == null ? "" : r.pattern());
            return node.channelsEverywhere(SURVEY_TIMEOUT).thenApply(all -> {
                SortedMap<String, Integer> out = new TreeMap<>();
                all.forEach((channel, n) -> {
                    if (matches.test(channel)) out.put(channel, n);
                });
                return out;
            });
        });
    }

    public CompletableFuture<Answer<InfoResult>> info() {
        return guard("info", () -> done(new InfoResult(node.nodes())));
    }

    /** One answer per command, in order; each command starts after the previous one ended unless parallel. */
    public CompletableFuture<List<Answer<?>>> batch(ApiRequest.Batch r) {
        List<CompletableFuture<Answer<?>>> answers = new ArrayList<>();
        CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
        for (ApiRequest command : r.commands()) {
            CompletableFuture<Answer<?>> answer = r.parallel() ? execute(command)
                    : previous.thenCompose(v -> execute(command));
            answers.add(answer);
            previous = answer;
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> answers.stream().<Answer<?>>map(CompletableFuture::join).toList());
    }

    // --- validation -----------------------------------------------------------------------------------

    private static String channel(String channel) {
        if (channel.isEmpty()) throw bad();
        return channel;
    }

    private String knownChannel(String channel) {
        if (node.optionsFor(channel).isEmpty()) throw new CoreException(ClientError.UNKNOWN_CHANNEL);
        return channel;
    }

    /** The base64 field when set (it carries binary payloads), else the raw one; null when neither is. */
    private static byte[] payload(byte[] raw, String b64) {
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw bad();
            }
        }
        return raw == null || raw.length == 0 ? null : raw;
    }

    private static byte[] required(byte[] payload) {
        if (payload == null) throw bad();
        return payload;
    }

    private static CoreException bad() {
        return new CoreException(ClientError.BAD_REQUEST);
    }

    // --- answers --------------------------------------------------------------------------------------

    /** Runs a method: a thrown or failed {@link CoreException} is its client error, anything else a logged 100. */
    private static <T> CompletableFuture<Answer<T>> guard(String method, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, t) -> {
            if (t == null) return Answer.ok(value);
            ClientError error = CoreException.errorOf(t);
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause instanceof EngineUnavailableException) {
                log.warn("server API {} failed: {}", method, cause.getMessage()); // a state of the engine, not a bug
            } else if (error.code() == ClientError.INTERNAL.code()) {
                log.error("server API {} failed", method, t);
            }
            return Answer.failed(error);
        });
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Answer<?>> widen(CompletableFuture<? extends Answer<?>> f) {
        return (CompletableFuture<Answer<?>>) f;
    }
}
