package io.switchboard.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one entry point every protocol and server API calls: publish, subscribe, presence, history and the
 * server-side controls over live sessions. It knows channels and sessions, never wire formats.
 */
public final class Node {
    private static final String CHANNELS_SURVEY = "core.channels";
    private final String uid = UUID.randomUUID().toString();
    private final String name;
    private final String version;
    private final ChannelRules rules;
    private final Engine engine;
    private final Hub hub = new Hub();
    private final MapChannels memoryMaps = new MapChannels(hub, System::currentTimeMillis);
    private volatile MapBroker maps = memoryMaps;
    private final long startedAt = System.currentTimeMillis();
    private final int recoveryMaxPublications;
    private final List<OccupancyListener> occupancy = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<byte[]>>> protocolCommands = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService positionChecks;
    private volatile Meters meters = Meters.NONE;
    private final Cluster cluster;

    /**
     * Told when a channel gets its first subscriber of any protocol in the cluster, and when it loses its last
     * (a node that crashed takes its channels' vacating with it).
     */
    public interface OccupancyListener {
        void occupied(String channel);

        void vacated(String channel);
    }

    public Node(String name, String version, ChannelRules rules, Engine engine, int recoveryMaxPublications) {
        this.name = name;
        this.version = version;
        this.rules = rules;
        this.engine = engine;
        this.recoveryMaxPublications = recoveryMaxPublications;
        this.cluster = new Cluster(uid, this::info, c -> engine.broker().publishControl(c), System::currentTimeMillis);
        cluster.onAnswer(CHANNELS_SURVEY, request -> ChannelCounts.encode(hub.channels()));
        engine.broker().start(new BrokerEventHandler() {
            @Override
            public void onPublication(String channel, Publication publication, StreamPosition position,
                                      Publication previous) {
                hub.deliver(channel, publication, position, previous);
            }

            @Override
            public void onJoin(String channel, ClientInfo info) {
                hub.deliverJoin(channel, info);
            }

            @Override
            public void onLeave(String channel, ClientInfo info) {
                hub.deliverLeave(channel, info);
            }

            @Override
            public void onControl(ControlCommand command) {
                apply(command);
            }
        });
    }

    public String uid() {
        return uid;
    }

    public String version() {
        return version;
    }

    public ChannelRules rules() {
        return rules;
    }

    public Hub hub() {
        return hub;
    }

    /** The map channels (Centrifugo's map subscriptions): in this node's memory unless {@link #useMaps}. */
    public MapBroker maps() {
        return maps;
    }

    /**
     * Keeps map channels in {@code broker} (shared by the nodes using it) instead of this node's memory. Set
     * before sessions arrive; its changes reach this node's hub through the engine's broker events.
     */
    public void useMaps(MapBroker broker) {
        memoryMaps.stop();
        this.maps = broker;
    }

    public Optional<ChannelOptions> optionsFor(String channel) {
        return rules.optionsFor(channel);
    }

    /**
     * Where this node's protocols and server API report counts and timings (default: nowhere). Set before the
     * protocols are built: they resolve their counts when they start and on each connection.
     */
    public void useMeters(Meters meters) {
        this.meters = meters;
    }

    public Meters meters() {
        return meters;
    }

    // --- sessions -------------------------------------------------------------------------------------

    public void addSession(Session session) {
        hub.addSession(session);
    }

    public void removeSession(Session session) {
        hub.removeSession(session);
    }

    // --- publish --------------------------------------------------------------------------------------

    /** Publishes into a channel; completes with the stream position (offset 0 when it keeps no history). */
    public CompletableFuture<StreamPosition> publish(String channel, byte[] data, PublishOptions options) {
        Optional<ChannelOptions> channelOptions = rules.optionsFor(channel);
        if (!rules.validName(channel)) return failed(ClientError.BAD_REQUEST);
        if (channelOptions.isEmpty()) return failed(ClientError.UNKNOWN_CHANNEL);
        HistoryOptions history = HistoryOptions.of(channelOptions.get());
        if (options.skipHistory()) history = new HistoryOptions(0, history.ttl(), history.metaTtl());
        Publication pub = new Publication(0, data, options.info(), options.tags(), System.currentTimeMillis(),
                options.excludedClient());
        boolean delta = history.enabled() && (options.delta() || channelOptions.get().deltaPublish());
        return engine.broker().publish(channel, pub, history, delta);
    }

    // --- subscriptions --------------------------------------------------------------------------------

    /**
     * Registers the session as a local subscriber and subscribes the broker on the channel's first one.
     * Callers that read history must do so only after this completes: that order is what makes recovery
     * lose nothing, since every later publication reaches the session live.
     */
    public CompletableFuture<Void> subscribe(Session session, String channel) {
        if (hub.subscribe(channel, session)) {
            if (!occupancy.isEmpty()) {
                engine.broker().occupy(channel, uid).thenAccept(first -> {
                    if (first) for (OccupancyListener l : occupancy) l.occupied(channel);
                });
            }
            return engine.broker().subscribe(channel);
        }
        return CompletableFuture.completedFuture(null);
    }

    public void unsubscribe(Session session, String channel) {
        if (hub.unsubscribe(channel, session)) {
            engine.broker().unsubscribe(channel);
            if (!occupancy.isEmpty()) {
                engine.broker().vacate(channel, uid).thenAccept(last -> {
                    if (last) for (OccupancyListener l : occupancy) l.vacated(channel);
                });
            }
        }
    }

    /**
     * Listens to the cluster's channel occupancy (webhooks); listeners run on the subscriber's thread or the
     * engine's: never block.
     */
    public void onOccupancy(OccupancyListener listener) {
        occupancy.add(listener);
    }

    /** The stream's current position, creating its epoch if the stream is new. */
    public CompletableFuture<StreamPosition> position(String channel, ChannelOptions options) {
        return engine.historyStore().history(channel, HistoryFilter.POSITION_ONLY, HistoryOptions.of(options))
                .thenApply(h -> {
                    hub.noteStreamPosition(channel, h.position());
                    return h.position();
                });
    }

    /**
     * Checks every local channel with history against its stream top every {@code interval} (on an engine that
     * can lose publications); sessions of a channel found behind twice in a row get {@link Session#positionLost}.
     */
    public void checkPositionsEvery(Duration interval) {
        if (positionChecks != null) throw new IllegalStateException("positions are checked already");
        hub.trackPositions();
        PositionCheck check = new PositionCheck(hub, rules, engine.historyStore());
        positionChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-position-check");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        positionChecks.scheduleWithFixedDelay(check::round, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * What a client that last saw {@code since} missed. Recovery is all or nothing: when the epoch changed
     * (an empty epoch matches any) or more was missed than the recovery limit, nothing is returned and {@code recovered} is false.
     */
    public CompletableFuture<RecoveryResult> recover(String channel, ChannelOptions options, StreamPosition since) {
        HistoryFilter filter = new HistoryFilter(new StreamPosition(since.offset(), since.epoch()),
                recoveryMaxPublications + 1, false);
        return engine.historyStore().history(channel, filter, HistoryOptions.of(options)).thenApply(h -> {
            StreamPosition top = h.position();
            hub.noteStreamPosition(channel, top);
            List<Publication> pubs = h.publications();
            // as centrifuge: a position without epoch (a client's own saved offset) recovers in any epoch
            boolean sameEpoch = since.epoch().isEmpty() || top.epoch().equals(since.epoch());
            boolean complete = since.offset() == top.offset()
                    || (!pubs.isEmpty() && pubs.size() <= recoveryMaxPublications
                    && pubs.get(0).offset() == since.offset() + 1
                    && pubs.get(pubs.size() - 1).offset() == top.offset());
            boolean recovered = sameEpoch && complete;
            return new RecoveryResult(top, recovered, recovered ? pubs : List.of());
        });
    }

    // --- presence, join and leave ---------------------------------------------------------------------

    public CompletableFuture<Void> addPresence(String channel, ClientInfo info) {
        return engine.presenceStore().addPresence(channel, info.client(), info);
    }

    public CompletableFuture<Void> removePresence(String channel, String clientId) {
        return engine.presenceStore().removePresence(channel, clientId);
    }

    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        return engine.broker().publishJoin(channel, info);
    }

    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        return engine.broker().publishLeave(channel, info);
    }

    public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
        ClientError err = checkFeature(channel, true);
        if (err != null) return failed(err);
        return engine.presenceStore().presence(channel);
    }

    public CompletableFuture<PresenceStats> presenceStats(String channel) {
        ClientError err = checkFeature(channel, true);
        if (err != null) return failed(err);
        return engine.presenceStore().presenceStats(channel);
    }

    // --- history --------------------------------------------------------------------------------------

    /** Reads history; a {@code since} from another epoch fails with {@link ClientError#UNRECOVERABLE_POSITION}. */
    public CompletableFuture<HistoryResult> history(String channel, HistoryFilter filter) {
        ClientError err = checkFeature(channel, false);
        if (err != null) return failed(err);
        HistoryOptions options = HistoryOptions.of(rules.optionsFor(channel).orElseThrow());
        return engine.historyStore().history(channel, filter, options).thenApply(h -> {
            StreamPosition since = filter.since();
            if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(h.position().epoch())) {
                throw new CoreException(ClientError.UNRECOVERABLE_POSITION);
            }
            return h;
        });
    }

    public CompletableFuture<Void> removeHistory(String channel) {
        ClientError err = checkFeature(channel, false);
        if (err != null) return failed(err);
        return engine.historyStore().removeHistory(channel);
    }

    private ClientError checkFeature(String channel, boolean presence) {
        if (!rules.validName(channel)) return ClientError.BAD_REQUEST;
        Optional<ChannelOptions> o = rules.optionsFor(channel);
        if (o.isEmpty()) return ClientError.UNKNOWN_CHANNEL;
        boolean on = presence ? o.get().presence() : o.get().historyEnabled();
        return on ? null : ClientError.NOT_AVAILABLE;
    }

    // --- server-side control of live sessions ---------------------------------------------------------

    /**
     * Applies a command on every node's sessions, this node's included (the server API's way): completes once
     * the broker has taken it; on one node, once it was applied.
     */
    public CompletableFuture<Void> control(ControlCommand command) {
        return engine.broker().publishControl(command);
    }

    /**
     * What this node does with a protocol's own command of {@code kind} (see {@link ControlCommand.Protocol});
     * it runs on the broker's thread: hand long work elsewhere. Every handler of the kind gets each command
     * (two Socket.IO servers on one node each register theirs).
     */
    public void onProtocolCommand(String kind, Consumer<byte[]> handler) {
        protocolCommands.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    private void apply(ControlCommand command) {
        if (command instanceof ControlCommand.DisconnectUser d) {
            disconnectUser(d.user(), d.client(), d.whitelist(), d.disconnect());
        } else if (command instanceof ControlCommand.SubscribeUser s) {
            subscribeUser(s.user(), s.client(), s.channel(), s.subscription());
        } else if (command instanceof ControlCommand.UnsubscribeUser u) {
            unsubscribeUser(u.user(), u.client(), u.channel());
        } else if (command instanceof ControlCommand.RefreshUser r) {
            refreshUser(r.user(), r.client(), r.expired(), r.expireAt());
        } else if (command instanceof ControlCommand.Heartbeat || command instanceof ControlCommand.Survey
                || command instanceof ControlCommand.SurveyReply) {
            cluster.apply(command);
        } else if (command instanceof ControlCommand.Protocol p) {
            for (Consumer<byte[]> handler : protocolCommands.getOrDefault(p.kind(), List.of())) handler.accept(p.payload());
        }
    }

    /** Disconnects this node's sessions of a user (or one client of it), sparing the whitelisted client ids. */
    public int disconnectUser(String user, String client, List<String> whitelist, Disconnect disconnect) {
        int n = 0;
        for (Session s : targets(user, client)) {
            if (whitelist != null && whitelist.contains(s.clientId())) continue;
            s.disconnect(disconnect);
            n++;
        }
        return n;
    }

    public int subscribeUser(String user, String client, String channel, ServerSubscription subscription) {
        List<Session> sessions = targets(user, client);
        sessions.forEach(s -> s.serverSubscribe(channel, subscription));
        return sessions.size();
    }

    public int unsubscribeUser(String user, String client, String channel) {
        List<Session> sessions = targets(user, client);
        sessions.forEach(s -> s.serverUnsubscribe(channel, Unsubscribe.SERVER));
        return sessions.size();
    }

    public int refreshUser(String user, String client, boolean expired, long expireAt) {
        List<Session> sessions = targets(user, client);
        sessions.forEach(s -> s.serverRefresh(expired, expireAt));
        return sessions.size();
    }

    private List<Session> targets(String user, String client) {
        if (client != null && !client.isEmpty()) {
            Session s = hub.session(client);
            return s != null && (user == null || user.isEmpty() || s.userId().equals(user)) ? List.of(s) : List.of();
        }
        return hub.sessionsOf(user == null ? "" : user);
    }

    public NodeInfo info() {
        long subs = 0;
        for (int n : hub.channels().values()) subs += n;
        return new NodeInfo(uid, name, version, hub.numSessions(), hub.numUsers(), hub.numChannels(),
                (System.currentTimeMillis() - startedAt) / 1000, subs);
    }

    // --- the cluster ----------------------------------------------------------------------------------

    /** Starts announcing this node to the others every few seconds (on an engine shared by many nodes). */
    public void joinCluster() {
        cluster.start();
    }

    /** Every node heard of in the last seconds, this one included; on one node, this one. */
    public List<NodeInfo> nodes() {
        return cluster.nodes();
    }

    /**
     * Asks every node (this one included) the question {@code op}: completes with the replies of those that
     * answered, once every node known alive did or at the timeout.
     */
    public CompletableFuture<List<byte[]>> survey(String op, byte[] request, Duration timeout) {
        return cluster.survey(op, request, timeout);
    }

    /**
     * Every channel with subscribers on any node, with its subscribers summed over the nodes that answered
     * within {@code timeout}; on one node, this node's.
     */
    public CompletableFuture<Map<String, Integer>> channelsEverywhere(Duration timeout) {
        return cluster.survey(CHANNELS_SURVEY, new byte[0], timeout).thenApply(replies -> {
            Map<String, Integer> out = new java.util.HashMap<>();
            for (byte[] reply : replies) ChannelCounts.decode(reply).forEach((ch, n) -> out.merge(ch, n, Integer::sum));
            return out;
        });
    }

    /** How this node answers surveys of {@code op}; runs on the broker's thread, so keep it short. */
    public void onSurvey(String op, Function<byte[], byte[]> answerer) {
        cluster.onAnswer(op, answerer);
    }

    public void shutdown() {
        if (positionChecks != null) positionChecks.shutdownNow();
        maps.stop();
        cluster.stop();
        engine.broker().close();
    }

    private static <T> CompletableFuture<T> failed(ClientError error) {
        return CompletableFuture.failedFuture(new CoreException(error));
    }
}
