package io.switchboard.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The nodes this one knows of and the questions it asks them. Every node announces itself every
 * {@link #HEARTBEAT} through the broker and is forgotten {@link #GONE_AFTER} after its last word (Centrifugo's
 * 3 s and 7 s). A survey goes to every node; it is answered once every node known alive replied, or at its
 * timeout with the replies that came.
 */
final class Cluster {
    static final Duration HEARTBEAT = Duration.ofSeconds(3);
    static final Duration GONE_AFTER = Duration.ofSeconds(7);

    private record Peer(NodeInfo info, long seenAt) {
    }

    private record Pending(CompletableFuture<List<byte[]>> result, List<byte[]> replies, int expected) {
    }

    private final String uid;
    private final Supplier<NodeInfo> self;
    private final Function<ControlCommand, CompletableFuture<Void>> send;
    private final LongSupplier clock;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Function<byte[], byte[]>> answerers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;

    Cluster(String uid, Supplier<NodeInfo> self, Function<ControlCommand, CompletableFuture<Void>> send,
            LongSupplier clock) {
        this.uid = uid;
        this.self = self;
        this.send = send;
        this.clock = clock;
    }

    /** Starts announcing this node, at once and then every {@link #HEARTBEAT}. */
    synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::announce, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void announce() {
        send.apply(new ControlCommand.Heartbeat(self.get())).exceptionally(e -> null); // the broker is away
    }

    /** Every node heard of lately, this one with its figures of now, sorted by uid. */
    List<NodeInfo> nodes() {
        long now = clock.getAsLong();
        peers.values().removeIf(p -> now - p.seenAt() > GONE_AFTER.toMillis());
        List<NodeInfo> out = new ArrayList<>();
        out.add(self.get());
        peers.forEach((id, p) -> {
            if (!id.equals(uid)) out.add(p.info());
        });
        out.sort((a, b) -> a.uid().compareTo(b.uid()));
        return out;
    }

    void onAnswer(String op, Function<byte[], byte[]> answerer) {
        if (answerers.putIfAbsent(op, answerer) != null) {
            throw new IllegalStateException("an answerer for " + op + " is registered already");
        }
    }

    CompletableFuture<List<byte[]>> survey(String op, byte[] request, Duration timeout) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<List<byte[]>> result = new CompletableFuture<>();
        Pending p = new Pending(result, new ArrayList<>(), nodes().size());
        pending.put(id, p);
        result.whenComplete((r, e) -> pending.remove(id));
        send.apply(new ControlCommand.Survey(id, uid, op, request)).whenComplete((v, e) -> {
            if (e != null) result.completeExceptionally(e);
        });
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (p) {
                result.complete(List.copyOf(p.replies()));
            }
        });
        return result;
    }

    void apply(ControlCommand command) {
        if (command instanceof ControlCommand.Heartbeat h) {
            peers.put(h.node().uid(), new Peer(h.node(), clock.getAsLong()));
        } else if (command instanceof ControlCommand.Survey s) {
            Function<byte[], byte[]> answerer = answerers.get(s.op());
            if (answerer == null) return; // a node without it says nothing: the survey waits for its timeout
            byte[] reply = answerer.apply(s.request());
            send.apply(new ControlCommand.SurveyReply(s.id(), s.origin(), uid, reply)).exceptionally(e -> null);
        } else if (command instanceof ControlCommand.SurveyReply r) {
            if (!r.origin().equals(uid)) return;
            Pending p = pending.get(r.id());
            if (p == null) return;
            synchronized (p) {
                p.replies().add(r.reply());
                if (p.replies().size() >= p.expected()) p.result().complete(List.copyOf(p.replies()));
            }
        }
    }

    void stop() {
        ScheduledExecutorService t = timer;
        if (t != null) t.shutdownNow();
    }
}
