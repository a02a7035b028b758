package io.switchboard.pusher;

import io.switchboard.core.ControlCommand;
import io.switchboard.core.Node;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.pusher.webhook.WebhookEvent;
import io.switchboard.pusher.webhook.WebhookSink;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.Router;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pusher Channels (and Broadcastt) on the shared core: the WebSocket protocol at {@code /app/{key}} (Broadcastt
 * also at {@code /apps/{key}}), the signed HTTP API under {@code /apps/{id}/}, and webhooks. Every app's channels
 * are core channels (see {@link PusherApp}), so what any protocol publishes reaches Pusher clients and back.
 */
public final class Pusher implements ProtocolModule {
    private static final String TERMINATE = "pusher.terminate_connections";
    private final Node node;
    private final ClientAccess access;
    private final PusherSettings settings;
    private final PusherApps apps;
    private final SignedInUsers users = new SignedInUsers();
    private final PresenceUsers presenceUsers = new PresenceUsers();
    private final WebhookSink webhooks;
    private final PusherApi api;
    private final SubscriptionCounts counts;
    private final ScheduledExecutorService timer;
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

    public Pusher(Node node, ClientAccess access, PusherSettings settings, WebhookSink webhooks) {
        this.node = node;
        this.access = access;
        this.settings = settings;
        this.apps = PusherApps.assigning(settings.apps());
        this.webhooks = webhooks == null ? WebhookSink.NONE : webhooks;
        this.api = new PusherApi(this);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pusher-timer");
            t.setDaemon(true);
            return t;
        });
        this.counts = new SubscriptionCounts(this, timer);
        node.onProtocolCommand(TERMINATE, payload -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            int cut = text.indexOf('\n');
            PusherApp app = cut < 0 ? null : apps.byId(text.substring(0, cut));
            if (app != null) users.terminate(app, text.substring(cut + 1));
        });
        node.onOccupancy(new Node.OccupancyListener() {
            @Override
            public void occupied(String channel) {
                webhook(channel, "channel_occupied");
            }

            @Override
            public void vacated(String channel) {
                webhook(channel, "channel_vacated");
            }
        });
    }

    private void webhook(String coreChannel, String name) {
        PusherApp app = apps.ofCoreChannel(coreChannel);
        if (app != null) webhook(app, name, app.pusherChannel(coreChannel), Map.of());
    }

    @Override
    public String name() {
        return "pusher";
    }

    @Override
    public void register(Router router) {
        router.httpPrefix("/app/", this::route);
        router.httpPrefix("/apps/", this::route);
    }

    private void route(HttpExchange exchange) throws Exception {
        if (exchange.isWebSocketUpgrade()) {
            PusherEndpoint.open(this, exchange);
        } else {
            api.handle(exchange);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        webhooks.close();
    }

    /** Counts a new connection of the app; false when the app is at its connection limit. */
    boolean connectionOpened(PusherApp app) {
        AtomicInteger n = connections.computeIfAbsent(app.id(), id -> new AtomicInteger());
        if (app.maxConnections() < 0) {
            n.incrementAndGet();
            return true;
        }
        while (true) {
            int now = n.get();
            if (now >= app.maxConnections()) return false;
            if (n.compareAndSet(now, now + 1)) return true;
        }
    }

    void connectionClosed(PusherApp app) {
        AtomicInteger n = connections.get(app.id());
        if (n != null) n.decrementAndGet();
    }

    /** The app's open connections on this node. */
    public int connections(PusherApp app) {
        AtomicInteger n = connections.get(app.id());
        return n == null ? 0 : n.get();
    }

    PresenceUsers presenceUsers() {
        return presenceUsers;
    }

    SubscriptionCounts subscriptionCounts() {
        return counts;
    }

    public Node node() {
        return node;
    }

    public ClientAccess access() {
        return access;
    }

    public PusherSettings settings() {
        return settings;
    }

    public PusherApps apps() {
        return apps;
    }

    public SignedInUsers users() {
        return users;
    }

    /** Closes the user's signed-in connections of the app on every node (terminate_connections). */
    public CompletableFuture<Void> terminateEverywhere(PusherApp app, String user) {
        byte[] payload = (app.id() + '\n' + user).getBytes(StandardCharsets.UTF_8);
        return node.control(new ControlCommand.Protocol(TERMINATE, payload));
    }

    /** Hands an event to the sink when the app has webhooks (the one check every event source makes). */
    void webhook(PusherApp app, String name, String channel, Map<String, Object> fields) {
        if (!app.webhooks().isEmpty()) webhooks.emit(app, new WebhookEvent(name, channel, fields));
    }

    public WebhookSink webhooks() {
        return webhooks;
    }
}
