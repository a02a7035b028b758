package io.switchboard.pusher;

import io.netty.buffer.ByteBuf;
import io.switchboard.protocol.ConnectionLoop;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.pusher.internal.codec.Dialect;
import io.switchboard.pusher.internal.codec.ServerFrames;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens Pusher and Broadcastt WebSocket connections: {@code /app/{key}?protocol=5..7} speaks Pusher;
 * {@code /app/{key}} without a protocol (the Broadcastt seed's URL) and {@code /apps/{key}} (broadcastt-js's) speak
 * Broadcastt. A refused connection is accepted long enough to say why: {@code pusher:error} with the code, then
 * the close frame with the same code (clients read the code from either).
 */
final class PusherEndpoint {
    static final int MIN_PROTOCOL = 5;
    static final int MAX_PROTOCOL = 7;

    private PusherEndpoint() {
    }

    /** How the handshake reads: the dialect and app, or the close code and reason that refuse it. */
    record Handshake(Dialect dialect, PusherApp app, int refusal, String reason) {
    }

    static Handshake read(PusherApps apps, String path, String protocol) {
        boolean plural = path.startsWith("/apps/");
        String key = path.substring(plural ? 6 : 5);
        if (key.endsWith("/")) key = key.substring(0, key.length() - 1);
        Dialect dialect = plural || protocol == null ? Dialect.BROADCASTT : Dialect.PUSHER;
        if (key.isEmpty() || key.indexOf('/') >= 0) return new Handshake(dialect, null, 4005, "Path not found");
        if (dialect == Dialect.PUSHER) {
            int version;
            try {
                version = Integer.parseInt(protocol);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < MIN_PROTOCOL || version > MAX_PROTOCOL) {
                return new Handshake(dialect, null, 4007, "Unsupported protocol version");
            }
        }
        PusherApp app = apps.byKey(key);
        if (app == null) return new Handshake(dialect, null, 4001, "Application does not exist");
        if (!app.enabled()) return new Handshake(dialect, app, 4003, "Application disabled");
        return new Handshake(dialect, app, 0, null);
    }

    static void open(Pusher pusher, HttpExchange exchange) {
        PusherSettings settings = pusher.settings();
        String origin = exchange.header("Origin");
        if (origin != null && !settings.allowedOrigins().isEmpty() && !new OriginPolicy(settings.allowedOrigins()).allows(origin)) {
            exchange.respond(403, "text/plain", "origin not allowed");
            return;
        }
        Handshake h = read(pusher.apps(), exchange.path(), exchange.queryParam("protocol"));
        exchange.acceptWebSocket(settings.maxMessageBytes(), ws -> connect(pusher, h, ws));
    }

    private static WebSocketListener connect(Pusher pusher, Handshake h, WebSocketConnection ws) {
        ServerFrames frames = new ServerFrames(h.dialect());
        if (h.refusal() != 0) return refuse(ws, frames, h.refusal(), h.reason());
        if (!pusher.connectionOpened(h.app())) return refuse(ws, frames, 4004, "Application is over connection quota");
        PusherConnection c = new PusherConnection(pusher, h.app(), frames, new WebSocketLink(ws),
                ConnectionLoop.of(ws.eventLoop()), ws.eventLoop(), socketId());
        c.open();
        return WebSocketEndpoint.listener(c);
    }

    private static WebSocketListener refuse(WebSocketConnection ws, ServerFrames frames, int code, String reason) {
        WebSocketLink link = new WebSocketLink(ws);
        link.send(frames.error(code, reason));
        link.flush();
        link.close(code, reason);
        return new WebSocketListener() {
            @Override
            public void onText(ByteBuf message) {
            }

            @Override
            public void onBinary(ByteBuf message) {
            }

            @Override
            public void onClose() {
            }
        };
    }

    /** Pusher's socket id form, {@code \d+\.\d+}. */
    static String socketId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextLong(1_000_000_000L, 10_000_000_000L) + "." + r.nextLong(1_000_000_000L, 10_000_000_000L);
    }
}
