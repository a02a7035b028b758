package io.switchboard.socketio.engine;

import io.switchboard.socketio.engine.internal.codec.DecodeException;
import io.switchboard.socketio.engine.internal.codec.Packet;
import io.switchboard.socketio.engine.internal.codec.Payloads;
import io.switchboard.transport.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The long-polling side of a session: the GET held open until there is something to send, and the payload
 * format of each protocol revision (v3 clients that take binary get XHR2 binary payloads). Used on the
 * session's event loop.
 */
final class PollingTransport {
    private final EngineIoServer server;
    private final int protocol;
    private final boolean binary;
    private HttpExchange pending;
    private Runnable unwatch;

    PollingTransport(EngineIoServer server, int protocol, boolean binary) {
        this.server = server;
        this.protocol = protocol;
        this.binary = binary;
    }

    boolean hasPending() {
        return pending != null;
    }

    /** Holds a GET open; {@code onAbandoned} runs if its connection closes before it is answered. */
    void hold(HttpExchange ex, Runnable onAbandoned) {
        pending = ex;
        unwatch = ex.onConnectionClose(onAbandoned);
    }

    boolean isPending(HttpExchange ex) {
        return pending == ex;
    }

    void forget() {
        if (unwatch != null) unwatch.run();
        pending = null;
        unwatch = null;
    }

    void answerPending(List<Packet> packets) {
        HttpExchange ex = pending;
        forget();
        answer(ex, packets, null);
    }

    void answer(HttpExchange ex, List<Packet> packets, String cookieSid) {
        var headers = server.pollingHeaders(ex, cookieSid);
        if (protocol == 4) {
            ex.respond(200, "text/plain; charset=UTF-8", Payloads.encodeV4(packets), headers);
        } else if (binary && Payloads.anyBinary(packets)) {
            ex.respond(200, "application/octet-stream", Payloads.encodeV3Binary(packets), headers);
        } else {
            ex.respond(200, "text/plain; charset=UTF-8", Payloads.encodeV3(packets), headers);
        }
    }

    List<Packet> decode(byte[] body, String contentType) throws DecodeException {
        boolean binaryBody = contentType != null && contentType.startsWith("application/octet-stream");
        if (protocol == 4) {
            if (binaryBody) throw new DecodeException("binary payload in protocol 4");
            return Payloads.decodeV4(new String(body, StandardCharsets.UTF_8));
        }
        return binaryBody ? Payloads.decodeV3Binary(body) : Payloads.decodeV3(new String(body, StandardCharsets.UTF_8));
    }
}
