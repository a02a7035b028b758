package io.switchboard.transport.sockjs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.switchboard.transport.CorsPolicy;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import io.switchboard.transport.HttpStream;
import io.switchboard.transport.Router;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A SockJS service under a base path (protocol 0.3.3): the greeting, {@code /info}, the iframe page, and the
 * session transports {@code /<server>/<session>/<transport>}: websocket, xhr_streaming, xhr (polling), xhr_send,
 * eventsource, htmlfile, jsonp and jsonp_send. A session lives on the event loop of the request that opened it;
 * later requests hop there. Origins pass as the {@link CorsPolicy} says; its answers carry SockJS's CORS headers.
 */
public final class SockJsService implements HttpRoute {
    /** Creates the application's side of a new session, on the session's event loop. */
    @FunctionalInterface
    public interface Opener {
        SockJsSession.Handler open(SockJsSession session, EventLoop loop);
    }

    private static final Pattern SESSION_PATH = Pattern.compile("/([^/.]+)/([^/.]+)/([a-z_]+)");
    private static final Pattern IFRAME = Pattern.compile("/iframe[0-9A-Za-z.\\-_]*\\.html");
    private static final Pattern CALLBACK = Pattern.compile("[a-zA-Z0-9\\-_.]+");
    private static final String NOT_CACHED = "no-store, no-cache, no-transform, must-revalidate, max-age=0";
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final long ONE_YEAR = 31536000;

    private final String base;
    private final SockJsOptions options;
    private final CorsPolicy cors;
    private final Opener opener;
    private final Map<String, SockJsSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final String iframe;
    private final String iframeEtag;

    /** @param base the path the client is given, without trailing slash ({@code /connection/sockjs}) */
    public SockJsService(String base, SockJsOptions options, CorsPolicy cors, Opener opener) {
        this.base = base;
        this.options = options;
        this.cors = cors;
        this.opener = opener;
        this.iframe = iframePage(options.clientScriptUrl());
        this.iframeEtag = '"' + sha1(iframe) + '"';
    }

    public void register(Router router) {
        router.http(base, this);
        router.httpPrefix(base + "/", this);
    }

    /** Sessions of the HTTP transports still known (WebSocket sessions are their connections). */
    public int sessions() {
        return sessions.size();
    }

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.path().substring(base.length());
        String origin = ex.header("Origin");
        if (!cors.allows(origin)) {
            ex.respond(403, TEXT, "Forbidden: origin not allowed\n");
            return;
        }
        if (path.isEmpty() || path.equals("/")) {
            if (!method(ex, "GET")) return;
            ex.respond(200, TEXT, "Welcome to SockJS!\n");
        } else if (path.equals("/info")) {
            info(ex, origin);
        } else if (IFRAME.matcher(path).matches()) {
            if (!method(ex, "GET")) return;
            iframe(ex);
        } else {
            var m = SESSION_PATH.matcher(path);
            if (!m.matches()) {
                ex.respond(404, TEXT, "Not found\n");
                return;
            }
            transport(ex, m.group(2), m.group(3), origin);
        }
    }

    private void info(HttpExchange ex, String origin) {
        if (ex.method().equals("OPTIONS")) {
            preflight(ex, origin, "OPTIONS, GET");
            return;
        }
        if (!method(ex, "GET")) return;
        long entropy = random.nextInt() & 0xffffffffL;
        String body = "{\"websocket\":true,\"origins\":[\"*:*\"],\"cookie_needed\":false,\"entropy\":" + entropy + "}";
        Map<String, String> h = answerHeaders(origin);
        ex.respond(200, "application/json; charset=UTF-8", body, h);
    }

    private void iframe(HttpExchange ex) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "public, max-age=" + ONE_YEAR);
        h.put("Expires", inOneYear());
        h.put("ETag", iframeEtag);
        if (iframeEtag.equals(ex.header("If-None-Match"))) {
            ex.respond(304, null, new byte[0], h);
            return;
        }
        ex.respond(200, "text/html; charset=UTF-8", iframe, h);
    }

    private void transport(HttpExchange ex, String id, String transport, String origin) {
        switch (transport) {
            case "websocket" -> websocket(ex, id);
            case "xhr", "xhr_streaming" -> {
                if (ex.method().equals("OPTIONS")) preflight(ex, origin, "OPTIONS, POST");
                else if (method(ex, "POST")) receiving(ex, id, transport, null, origin);
            }
            case "xhr_send" -> {
                if (ex.method().equals("OPTIONS")) preflight(ex, origin, "OPTIONS, POST");
                else if (method(ex, "POST")) send(ex, id, origin, false);
            }
            case "jsonp_send" -> {
                if (method(ex, "POST")) send(ex, id, origin, true);
            }
            case "eventsource" -> {
                if (method(ex, "GET")) receiving(ex, id, transport, null, origin);
            }
            case "htmlfile", "jsonp" -> {
                if (!method(ex, "GET")) return;
                String callback = ex.queryParam("c");
                if (callback == null || callback.isEmpty()) {
                    ex.respond(500, TEXT, "\"callback\" parameter required", answerHeaders(origin));
                } else if (!CALLBACK.matcher(callback).matches()) {
                    ex.respond(500, TEXT, "invalid \"callback\" parameter", answerHeaders(origin));
                } else {
                    receiving(ex, id, transport, callback, origin);
                }
            }
            default -> ex.respond(404, TEXT, "Not found\n");
        }
    }

    /** A receiving request: opens the session when it is new, then attaches to it. */
    private void receiving(HttpExchange ex, String id, String transport, String callback, String origin) {
        Map<String, String> h = answerHeaders(origin);
        SockJsSession session = sessions.get(id);
        if (session == null) {
            SockJsSession created = newSession(id, ex.eventLoop(), ex.remoteAddress(), true);
            session = sessions.putIfAbsent(id, created);
            if (session == null) {
                session = created;
                created.handler(opener.open(created, ex.eventLoop()));
            }
        }
        Receiver receiver;
        switch (transport) {
            case "xhr", "jsonp" -> {
                PollReceiver poll = new PollReceiver(ex, callback, h);
                poll.watch(session);
                receiver = poll;
            }
            default -> {
                StreamReceiver.Framing framing = switch (transport) {
                    case "eventsource" -> StreamReceiver.Framing.EVENTSOURCE;
                    case "htmlfile" -> StreamReceiver.Framing.HTMLFILE;
                    default -> StreamReceiver.Framing.XHR;
                };
                h.put("Content-Type", switch (framing) {
                    case EVENTSOURCE -> "text/event-stream; charset=UTF-8";
                    case HTMLFILE -> "text/html; charset=UTF-8";
                    case XHR -> "application/javascript; charset=UTF-8";
                });
                h.put("X-Accel-Buffering", "no");
                HttpStream stream = ex.stream(200, h);
                StreamReceiver s = new StreamReceiver(stream, framing, options.responseLimit(), callback);
                s.watch(session);
                receiver = s;
            }
        }
        SockJsSession target = session;
        target.loop().execute(() -> target.attach(receiver));
    }

    /** xhr_send and jsonp_send: a frame of messages for an open session. */
    private void send(HttpExchange ex, String id, String origin, boolean jsonp) {
        Map<String, String> h = answerHeaders(origin);
        byte[] body = ex.body();
        if (jsonp) {
            String type = ex.header("Content-Type");
            if (type != null && type.startsWith("application/x-www-form-urlencoded")) body = formField(body, "d");
        }
        List<String> messages;
        try {
            messages = SockJsFrames.messages(body, false);
        } catch (SockJsFrames.BadFrame e) {
            ex.respond(500, TEXT, e.getMessage(), h);
            return;
        }
        SockJsSession session = sessions.get(id);
        if (session == null) {
            ex.respond(404, TEXT, "Not found\n", h);
            return;
        }
        session.loop().execute(() -> {
            if (!session.receive(messages)) ex.respond(404, TEXT, "Not found\n", h);
            else if (jsonp) ex.respond(200, TEXT, "ok", h);
            else ex.respond(204, TEXT, new byte[0], h);
        });
    }

    /** The framed WebSocket: a session of its own (ids may repeat here), living as long as its connection. */
    private void websocket(HttpExchange ex, String id) {
        if (!ex.method().equals("GET")) {
            ex.respond(405, null, new byte[0], Map.of("Allow", "GET"));
            return;
        }
        if (!ex.isWebSocketUpgrade()) {
            ex.respond(400, TEXT, "Can \"Upgrade\" only to \"WebSocket\".");
            return;
        }
        ex.acceptWebSocket(options.maxMessageSize().getAsInt(), conn -> {
            SockJsSession session = newSession(id, conn.eventLoop(), conn.remoteAddress(), false);
            WebSocketReceiver receiver = new WebSocketReceiver(conn);
            session.handler(opener.open(session, conn.eventLoop()));
            session.attach(receiver);
            return new FramedWebSocket(session, receiver, conn);
        });
    }

    private SockJsSession newSession(String id, EventLoop loop, String remote, boolean registered) {
        SockJsSession[] self = new SockJsSession[1];
        self[0] = new SockJsSession(id, SessionLoop.of(loop), options.heartbeat().toMillis(),
                options.disconnectDelay().toMillis(), remote, () -> {
                    if (registered) sessions.remove(id, self[0]);
                });
        return self[0];
    }

    /** A client frame on the framed WebSocket; broken JSON drops the connection, as SockJS servers do. */
    private record FramedWebSocket(SockJsSession session, WebSocketReceiver receiver, WebSocketConnection conn)
            implements WebSocketListener {
        @Override
        public void onText(ByteBuf message) {
            if (!message.isReadable()) return;
            try {
                session.receive(SockJsFrames.messages(message.toString(StandardCharsets.UTF_8), true));
            } catch (SockJsFrames.BadFrame e) {
                conn.abort();
            }
        }

        @Override
        public void onBinary(ByteBuf message) {
            conn.abort();
        }

        @Override
        public void onClose() {
            session.receiverGone(receiver);
        }
    }

    // --- HTTP details -------------------------------------------------------------------------------------

    private static boolean method(HttpExchange ex, String allowed) {
        if (ex.method().equals(allowed)) return true;
        ex.respond(405, null, new byte[0], Map.of("Allow", allowed));
        return false;
    }

    /** Not cached, and CORS: the allowed origin echoed with credentials, or {@code *} without an Origin. */
    private Map<String, String> answerHeaders(String origin) {
        Map<String, String> h = new LinkedHashMap<>(cors.headers(origin));
        h.putIfAbsent("Access-Control-Allow-Origin", "*");
        h.put("Cache-Control", NOT_CACHED);
        return h;
    }

    private void preflight(HttpExchange ex, String origin, String methods) {
        Map<String, String> h = new LinkedHashMap<>(cors.headers(origin));
        h.putIfAbsent("Access-Control-Allow-Origin", "*");
        h.put("Access-Control-Allow-Methods", methods);
        String requested = ex.header("Access-Control-Request-Headers");
        if (requested != null && !requested.isEmpty()) h.put("Access-Control-Allow-Headers", requested);
        else h.remove("Access-Control-Allow-Headers");
        h.put("Cache-Control", "public, max-age=" + ONE_YEAR);
        h.put("Expires", inOneYear());
        h.put("Access-Control-Max-Age", String.valueOf(ONE_YEAR));
        ex.respond(204, null, new byte[0], h);
    }

    private static byte[] formField(byte[] body, String name) {
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).equals(name)) continue;
            try {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "\u0000".getBytes(StandardCharsets.UTF_8); // not URL-encoded: broken, not absent
            }
        }
        return new byte[0];
    }

    private static String inOneYear() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(ONE_YEAR));
    }

    private static String iframePage(String scriptUrl) {
        return """
                <!DOCTYPE html>
                <html>
                <head>
                  <meta http-equiv="X-UA-Compatible" content="IE=edge" />
                  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
                  <script src="%s"></script>
                  <script>
                    document.domain = document.domain;
                    SockJS.bootstrap_iframe();
                  </script>
                </head>
                <body>
                  <h2>Don't panic!</h2>
                  <p>This is a SockJS hidden iframe. It's used for cross domain magic.</p>
                </body>
                </html>""".formatted(scriptUrl.replace("\"", "%22"));
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
