package io.switchboard.core.memory;

import io.switchboard.core.Broker;
import io.switchboard.core.BrokerEventHandler;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.HistoryStore;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.PresenceStore;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Broker, history and presence for one node. A publish appends and hands the publication to the handler
 * while holding the stream's monitor, so subscribers see offsets in order and a subscriber registered
 * before a history read sees every later publication either in that read or live.
 */
public final class MemoryEngine implements Broker, HistoryStore, PresenceStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, MemoryStream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ClientInfo>> presence = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final int maxHistoryRead;
    private final ScheduledExecutorService sweeper;
    private volatile BrokerEventHandler handler;

    public MemoryEngine() {
        this(System::currentTimeMillis, 10_000);
    }

    /** @param maxHistoryRead the most publications one history read returns */
    public MemoryEngine(LongSupplier clock, int maxHistoryRead) {
        this.clock = clock;
        this.maxHistoryRead = maxHistoryRead;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-memory-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
    }

    @Override
    public void start(BrokerEventHandler eventHandler) {
        this.handler = eventHandler;
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, Publication publication, HistoryOptions history,
                                                     boolean withPrevious) {
        BrokerEventHandler h = handler;
        if (!history.enabled()) {
            if (h != null) h.onPublication(channel, publication, StreamPosition.NONE, null);
            return CompletableFuture.completedFuture(StreamPosition.NONE);
        }
        long now = clock.getAsLong();
        while (true) {
            MemoryStream stream = streams.computeIfAbsent(channel, c -> new MemoryStream());
            synchronized (stream) {
                if (streams.get(channel) != stream) continue; // swept meanwhile: use the new stream
                Publication previous = withPrevious ? stream.last(now) : null;
                Publication stored = stream.append(publication, history, now);
                StreamPosition position = stream.position();
                if (h != null) h.onPublication(channel, stored, position, previous);
                return CompletableFuture.completedFuture(position);
            }
        }
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        BrokerEventHandler h = handler;
        if (h != null) h.onJoin(channel, info);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        BrokerEventHandler h = handler;
        if (h != null) h.onLeave(channel, info);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> publishControl(ControlCommand command) {
        BrokerEventHandler h = handler;
        if (h != null) h.onControl(command);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return DONE; // one node: every publication already reaches the local hub
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return DONE;
    }

    @Override
    public CompletableFuture<HistoryResult> history(String channel, HistoryFilter filter, HistoryOptions options) {
        long now = clock.getAsLong();
        while (true) {
            MemoryStream stream = streams.computeIfAbsent(channel, c -> new MemoryStream());
            synchronized (stream) {
                if (streams.get(channel) != stream) continue;
                stream.touchMeta(options, now);
                List<Publication> pubs = stream.read(filter, maxHistoryRead, now);
                return CompletableFuture.completedFuture(new HistoryResult(stream.position(), pubs));
            }
        }
    }

    @Override
    public CompletableFuture<Void> removeHistory(String channel) {
        MemoryStream stream = streams.get(channel);
        if (stream != null) {
            synchronized (stream) {
                stream.clear();
            }
        }
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addPresence(String channel, String clientId, ClientInfo info) {
        presence.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(clientId, info);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> removePresence(String channel, String clientId) {
        presence.computeIfPresent(channel, (c, members) -> {
            members.remove(clientId);
            return members.isEmpty() ? null : members;
        });
        return DONE;
    }

    @Override
    public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
        Map<String, ClientInfo> members = presence.get(channel);
        return CompletableFuture.completedFuture(members == null ? Map.of() : Map.copyOf(members));
    }

    @Override
    public CompletableFuture<PresenceStats> presenceStats(String channel) {
        Map<String, ClientInfo> members = presence.get(channel);
        if (members == null) return CompletableFuture.completedFuture(new PresenceStats(0, 0));
        Set<String> users = new HashSet<>();
        int clients = 0;
        for (ClientInfo info : members.values()) {
            clients++;
            users.add(info.user());
        }
        return CompletableFuture.completedFuture(new PresenceStats(clients, users.size()));
    }

    /** Forgets streams whose position outlived its meta TTL, so idle channels do not hold memory. */
    void sweep() {
        long now = clock.getAsLong();
        streams.forEach((channel, stream) -> {
            synchronized (stream) {
                if (stream.metaExpired(now)) streams.remove(channel, stream);
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
