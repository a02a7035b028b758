package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.DecodeException;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.centrifugo.internal.codec.JsonCommandDecoder;
import io.switchboard.centrifugo.internal.codec.ProtobufCodec;
import io.switchboard.centrifugo.internal.codec.ProtobufCommandDecoder;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpStream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP endpoints of the protocol: unidirectional HTTP streaming and SSE, and the bidirectional
 * emulation (a stream for replies plus {@code POST /emulation} for commands, tied by the session id).
 */
final class StreamRoutes {
    private final Centrifugo centrifugo;
    private final Map<String, CentrifugoClient> emulated = new ConcurrentHashMap<>();

    StreamRoutes(Centrifugo centrifugo) {
        this.centrifugo = centrifugo;
    }

    /** Live emulation sessions (for tests: must return to zero when streams end). */
    int emulatedSessions() {
        return emulated.size();
    }

    void uniHttpStream(HttpExchange ex) {
        Map<String, String> cors = preflightOrCors(ex);
        if (cors == null || !post(ex)) return;
        uni(ex, ex.body(), StreamTransport.Framing.LINES, "application/json", cors);
    }

    void uniSse(HttpExchange ex) {
        Map<String, String> cors = preflightOrCors(ex);
        if (cors == null) return;
        byte[] connect = connectFromUrlOrBody(ex, "{}");
        if (connect == null) return;
        uni(ex, connect, StreamTransport.Framing.SSE, "text/event-stream; charset=utf-8", cors);
    }

    /** The request headers some proxy forwards: all a stream keeps of them. */
    private Map<String, String> forwarded(HttpExchange ex) {
        Map<String, String> kept = new java.util.HashMap<>();
        for (String name : centrifugo.proxies().settings().forwardedHeaders()) {
            String value = ex.header(name);
            if (value != null) kept.put(name, value);
        }
        return kept;
    }

    private void uni(HttpExchange ex, byte[] body, StreamTransport.Framing framing, String type, Map<String, String> cors) {
        Requests.Connect req;
        try {
            req = JsonCommandDecoder.decodeConnectRequest(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        } catch (DecodeException e) {
            ex.respond(400, "text/plain", "Bad Request: " + e.getMessage() + "\n");
            return;
        }
        HttpStream stream = ex.stream(200, streamHeaders(type, cors));
        CentrifugoClient client = centrifugo.newClient(new StreamTransport(stream, framing, false, forwarded(ex)), JsonCodec.UNI);
        stream.onClose(client::onTransportClosed);
        client.onUnidirectionalConnect(req);
    }

    /** {@code POST /connection/http_stream}: the body holds the connect command; replies stream back. */
    void httpStream(HttpExchange ex) {
        Map<String, String> cors = preflightOrCors(ex);
        if (cors == null || !post(ex)) return;
        if (binary(ex)) {
            emulation(ex, ex.body(), StreamTransport.Framing.CONCAT, ProtobufCodec.BIDI, "application/octet-stream", cors);
        } else {
            emulation(ex, ex.body(), StreamTransport.Framing.LINES, JsonCodec.BIDI, "application/json", cors);
        }
    }

    /** {@code GET /connection/sse?cf_connect=...}: the connect command in the URL; replies as events. */
    void sse(HttpExchange ex) {
        Map<String, String> cors = preflightOrCors(ex);
        if (cors == null) return;
        byte[] connect = connectFromUrlOrBody(ex, null);
        if (connect == null) return;
        emulation(ex, connect, StreamTransport.Framing.SSE, JsonCodec.BIDI, "text/event-stream; charset=utf-8", cors);
    }

    /**
     * The connect request of an SSE endpoint: a POST body, or the {@code cf_connect} URL parameter of a GET
     * ({@code fallback} when absent, or a 400 when there is none). Null when the request was answered.
     */
    private static byte[] connectFromUrlOrBody(HttpExchange ex, String fallback) {
        if (ex.method().equals("POST")) return ex.body();
        if (!ex.method().equals("GET")) {
            ex.respond(405, "text/plain", "method not allowed\n");
            return null;
        }
        String param;
        try {
            param = ex.queryParam("cf_connect");
        } catch (IllegalArgumentException e) {
            ex.respond(400, "text/plain", "Bad Request: cf_connect is not URL-encoded\n");
            return null;
        }
        if (param == null && fallback == null) {
            ex.respond(400, "text/plain", "Bad Request: cf_connect is required\n");
            return null;
        }
        return (param == null ? fallback : param).getBytes(StandardCharsets.UTF_8);
    }

    private void emulation(HttpExchange ex, byte[] firstFrame, StreamTransport.Framing framing, ClientCodec codec,
                           String type, Map<String, String> cors) {
        if (firstFrame.length == 0) {
            ex.respond(400, "text/plain", "Bad Request: the connect command is required\n");
            return;
        }
        HttpStream stream = ex.stream(200, streamHeaders(type, cors));
        CentrifugoClient client = centrifugo.newClient(new StreamTransport(stream, framing, true, forwarded(ex)), codec);
        emulated.put(client.session(), client);
        stream.onClose(() -> {
            emulated.remove(client.session(), client);
            client.onTransportClosed();
        });
        client.onFrame(firstFrame);
        client.onReadComplete();
    }

    /** {@code POST /emulation}: commands for an emulated session; the replies go out on its stream. */
    void emulationCommand(HttpExchange ex) {
        Map<String, String> cors = preflightOrCors(ex);
        if (cors == null || !post(ex)) return;
        Requests.Emulation req;
        try {
            req = binary(ex) ? ProtobufCommandDecoder.decodeEmulation(ex.body())
                    : JsonCommandDecoder.decodeEmulation(ex.body());
        } catch (DecodeException e) {
            ex.respond(400, "text/plain", "Bad Request: " + e.getMessage() + "\n");
            return;
        }
        // as Centrifugo: 404 when this node is not the session's (the client reconnects), 204 when the
        // session has gone from this node (its stream has ended already)
        if (!req.node().equals(centrifugo.nodeId())) {
            ex.respond(404, "text/plain", "Not Found: no such node\n", cors);
            return;
        }
        CentrifugoClient client = emulated.get(req.session());
        if (client == null) {
            ex.respond(204, null, new byte[0], cors);
            return;
        }
        client.onLoop(() -> {
            client.onFrame(req.data());
            client.onReadComplete();
        });
        ex.respond(204, null, new byte[0], cors);
    }

    private static boolean post(HttpExchange ex) {
        if (ex.method().equals("POST")) return true;
        ex.respond(405, "text/plain", "method not allowed\n");
        return false;
    }

    /** Protobuf requests say so by their content type, as centrifuge-js sends them. */
    private static boolean binary(HttpExchange ex) {
        String type = ex.header("Content-Type");
        return type != null && type.startsWith("application/octet-stream");
    }

    /** Answers CORS preflights and refused origins; returns the CORS headers to send, or null when answered. */
    private Map<String, String> preflightOrCors(HttpExchange ex) {
        String origin = ex.header("Origin");
        if (!centrifugo.cors().allows(origin)) {
            ex.respond(403, "text/plain", "Forbidden: origin not allowed\n");
            return null;
        }
        if (ex.method().equals("OPTIONS")) {
            ex.respond(204, null, new byte[0], centrifugo.cors().preflightHeaders(origin, null));
            return null;
        }
        return centrifugo.cors().headers(origin);
    }

    private static Map<String, String> streamHeaders(String type, Map<String, String> cors) {
        Map<String, String> h = new HashMap<>(cors);
        h.put("Content-Type", type);
        h.put("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0");
        h.put("Pragma", "no-cache");
        h.put("X-Accel-Buffering", "no");
        return h;
    }
}
