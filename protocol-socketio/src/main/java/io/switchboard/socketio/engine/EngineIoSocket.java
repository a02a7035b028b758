package io.switchboard.socketio.engine;

import io.switchboard.socketio.engine.internal.SharedText;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.socketio.engine.internal.codec.DecodeException;
import io.switchboard.socketio.engine.internal.codec.Packet;
import io.switchboard.socketio.engine.internal.codec.PacketCodec;
import io.switchboard.socketio.engine.internal.codec.PacketType;
import io.switchboard.transport.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Engine.IO session: its transport (long-polling, or a WebSocket from the start or after an upgrade),
 * the heartbeat, and the buffer of packets waiting for the client. State is touched only on the session's
 * event loop; an upgrade moves the session to its WebSocket's loop, and {@link #execute} follows it there.
 * Sends are buffered and leave once per turn: one polling answer, or one write of several frames.
 */
public final class EngineIoSocket {
    private static final Logger log = LoggerFactory.getLogger(EngineIoSocket.class);

    private enum State { OPEN, CLOSING, CLOSED }

    private final EngineIoServer server;
    private final EngineIoOptions options;
    private final String id;
    private final int protocol;
    private final PollingTransport poll;
    private final EngineIoRequest request;
    private volatile EventLoop loop;
    private volatile State state = State.OPEN;

    private final ArrayDeque<Object> buffer = new ArrayDeque<>(4);
    private long bufferedBytes;
    private boolean flushScheduled;
    private WebSocketTransport websocket;
    private WebSocketTransport probe;
    private boolean upgrading;
    private volatile boolean polling;
    private ScheduledFuture<?> heartbeat, deadline, upgradeTimer, closeTimer;
    private boolean awaitingPong, deadlineRefreshed;
    private String closingReason = "forced close";

    private final Runnable flushTask = this::flushOnLoop;
    private final Runnable pingTimer = this::onPingTimer; // heartbeat timers reuse these: none allocated per ping
    private final Runnable deadlineTimer = this::onDeadline;
    private Consumer<String> onMessage = m -> { };
    private Consumer<byte[]> onBinary = b -> { };
    private Consumer<String> onClose = r -> { };

    EngineIoSocket(EngineIoServer server, String id, int protocol, boolean binaryPolling, EngineIoRequest request,
                   EventLoop loop) {
        this.server = server;
        this.options = server.options();
        this.id = id;
        this.protocol = protocol;
        this.poll = new PollingTransport(server, protocol, binaryPolling);
        this.request = request;
        this.loop = loop;
    }

    // --- what handlers use (any thread) ------------------------------------------------------------------

    public String id() {
        return id;
    }

    /** The Engine.IO protocol revision: 4, or 3 for Socket.IO 2.x clients. */
    public int protocol() {
        return protocol;
    }

    public EngineIoRequest request() {
        return request;
    }

    /** "polling" or "websocket". */
    public String transport() {
        return polling ? "polling" : "websocket";
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Handlers run on the session's event loop; each replaces the previous one. */
    public void onMessage(Consumer<String> handler) {
        onMessage = handler;
    }

    public void onBinary(Consumer<byte[]> handler) {
        onBinary = handler;
    }

    /** Called once with the reason ("transport close", "ping timeout", "forced close", ...). */
    public void onClose(Consumer<String> handler) {
        onClose = handler;
    }

    public void send(String text) {
        enqueue(Packet.message(text));
    }

    /** Sends bytes as a binary message; the array is not copied. */
    public void send(byte[] data) {
        enqueue(Packet.message(data));
    }

    /** Sends a message encoded once for many sessions. */
    public void send(SharedText text) {
        enqueue(text, text.frame().payload().length + 32);
    }

    /** Delivers what is buffered, then ends the session (reason "forced close"). */
    public void close() {
        close("forced close");
    }

    /** Delivers what is buffered, then ends the session; the close handler hears {@code reason}. */
    public void close(String reason) {
        execute(() -> closeGracefully(reason));
    }

    /** Runs a task on the session's event loop: now if already there, else queued there. */
    public void execute(Runnable task) {
        EventLoop l = loop;
        if (l.inEventLoop()) {
            task.run();
        } else {
            l.execute(() -> execute(task));
        }
    }

    /**
     * An executor that queues its task on the session's event loop even when called from it, so that what
     * arrives meanwhile is handled in the same run (the core's deliveries, drained as a burst and written at
     * once), and follows the session if it moved loops meanwhile. For one task queued at most once at a time,
     * as an inbox's drain is: it reuses one wrapper instead of allocating one per run.
     */
    public Executor laterExecutor() {
        return new LaterExecutor();
    }

    private final class LaterExecutor implements Executor, Runnable {
        private volatile Runnable task;

        @Override
        public void execute(Runnable task) {
            this.task = task;
            loop.execute(this);
        }

        @Override
        public void run() {
            EngineIoSocket.this.execute(task);
        }
    }

    public EventLoop eventLoop() {
        return loop;
    }

    // --- opening -------------------------------------------------------------------------------------------

    void openWithPolling(HttpExchange handshake) {
        polling = true;
        List<Packet> open = List.of(Packet.of(PacketType.OPEN, server.openPacket(this, true)));
        poll.answer(handshake, open, id);
        startHeartbeat();
    }

    void openWithWebSocket(WebSocketTransport ws) {
        websocket = ws;
        ws.bind(this);
        ws.write(Packet.of(PacketType.OPEN, server.openPacket(this, false)));
        ws.flush();
        startHeartbeat();
    }

    /** Whether a WebSocket may still upgrade this session; re-checked on the loop when it opens. */
    // --- long-polling ----------------------------------------------------------------------------------------

    void onPollingRequest(HttpExchange ex) {
        if (state == State.CLOSED) {
            server.error(ex, 400, EngineIoServer.UNKNOWN_SID);
        } else if (!polling) {
            server.error(ex, 400, EngineIoServer.BAD_REQUEST); // upgraded: HTTP requests with this sid are refused
        } else if (ex.method().equals("GET")) {
            onPoll(ex);
        } else {
            onData(ex);
        }
    }

    private void onPoll(HttpExchange ex) {
        if (poll.hasPending()) {
            poll.answerPending(List.of(Packet.CLOSE)); // two polls at once: a broken client
            server.error(ex, 400, EngineIoServer.BAD_REQUEST);
            closeNow("transport error");
        } else if (state == State.CLOSING) {
            List<Packet> last = drain();
            last.add(Packet.CLOSE);
            poll.answer(ex, last, null);
            closeNow(closingReason);
        } else if (!buffer.isEmpty()) {
            poll.answer(ex, drain(), null); // polling stays the transport until the upgrade completes
        } else if (upgrading) {
            poll.answer(ex, List.of(Packet.NOOP), null);
        } else {
            poll.hold(ex, () -> execute(() -> {
                if (poll.isPending(ex)) {
                    poll.forget();
                    closeNow("transport close"); // the client gave up its poll: it is gone
                }
            }));
        }
    }

    private void onData(HttpExchange ex) {
        if (state != State.OPEN) {
            server.error(ex, 400, EngineIoServer.BAD_REQUEST);
            return;
        }
        byte[] body = ex.body();
        if (body.length > options.maxHttpBufferSize()) {
            ex.respond(413, "text/plain", "Payload Too Large", server.pollingHeaders(ex, null));
            closeNow("transport error");
            return;
        }
        List<Packet> packets;
        try {
            packets = poll.decode(body, ex.header("content-type"));
        } catch (DecodeException e) {
            log.debug("bad polling payload on session {}: {}", id, e.getMessage());
            server.error(ex, 400, EngineIoServer.BAD_REQUEST);
            closeNow("parse error");
            return;
        }
        ex.respond(200, "text/html", "ok", server.pollingHeaders(ex, null));
        for (Packet p : packets) {
            if (state != State.OPEN) break;
            onPacket(p);
        }
    }

    // --- WebSocket -------------------------------------------------------------------------------------------

    void onWebSocketText(WebSocketTransport ws, String text) {
        if (ws == probe) {
            onProbeText(text);
        } else if (ws == websocket && state == State.OPEN) {
            try {
                onPacket(PacketCodec.decodeText(text));
            } catch (DecodeException e) {
                log.debug("bad WebSocket packet on session {}: {}", id, e.getMessage());
                closeNow("parse error");
            }
        }
    }

    void onWebSocketBinary(WebSocketTransport ws, byte[] frame) {
        if (ws == probe) {
            abandonUpgrade();
        } else if (ws == websocket && state == State.OPEN) {
            try {
                onPacket(PacketCodec.decodeBinary(frame, protocol));
            } catch (DecodeException e) {
                closeNow("parse error");
            }
        }
    }

    void onWebSocketClosed(WebSocketTransport ws) {
        if (ws == probe) {
            abandonUpgrade();
        } else if (ws == websocket) {
            closeNow("transport close");
        }
    }

    void onProbeOpen(WebSocketTransport ws) {
        if (state != State.OPEN || !polling || probe != null) {
            ws.close(); // another upgrade won, or the session ended meanwhile
            return;
        }
        probe = ws;
        upgradeTimer = schedule(options.upgradeTimeout().toMillis(), () -> {
            if (probe == ws) abandonUpgrade();
        });
    }

    private void onProbeText(String text) {
        if (!upgrading && text.equals("2probe")) {
            upgrading = true;
            probe.sendNow(Packet.of(PacketType.PONG, "probe"));
            if (poll.hasPending()) poll.answerPending(List.of(Packet.NOOP)); // ends the poll so the client can upgrade
        } else if (upgrading && text.equals("5")) {
            completeUpgrade();
        } else {
            abandonUpgrade();
        }
    }

    private void completeUpgrade() {
        upgradeTimer = cancel(upgradeTimer);
        WebSocketTransport ws = probe;
        probe = null;
        upgrading = false;
        if (poll.hasPending()) poll.answerPending(List.of(Packet.NOOP));
        websocket = ws;
        polling = false;
        loop = ws.connection().eventLoop(); // from now on the session lives on its WebSocket's loop
        scheduleFlush();
    }

    private void abandonUpgrade() {
        upgradeTimer = cancel(upgradeTimer);
        WebSocketTransport ws = probe;
        probe = null;
        upgrading = false;
        if (ws != null) ws.close();
        if (!buffer.isEmpty()) scheduleFlush();
    }

    // --- packets ------------------------------------------------------------------------------------------

    private void onPacket(Packet p) {
        if (protocol == 3) {
            resetDeadline(options.pingInterval().toMillis() + options.pingTimeout().toMillis());
        } else if (awaitingPong && p.type() != PacketType.PONG && !deadlineRefreshed) {
            deadlineRefreshed = true; // traffic while a pong is due proves the peer alive, once
            resetDeadline(options.pingTimeout().toMillis());
        }
        switch (p.type()) {
            case PING -> {
                if (protocol != 3) {
                    closeNow("invalid heartbeat direction");
                    return;
                }
                enqueue(Packet.of(PacketType.PONG, p.text()));
            }
            case PONG -> {
                if (protocol == 3) {
                    closeNow("invalid heartbeat direction");
                    return;
                }
                awaitingPong = false;
                deadline = cancel(deadline);
                schedulePing();
            }
            case MESSAGE -> deliver(p);
            case CLOSE -> {
                if (poll.hasPending()) poll.answerPending(List.of(Packet.NOOP));
                closeNow("transport close");
            }
            default -> {
                // open, upgrade and noop mean nothing on an established transport
            }
        }
    }

    private void deliver(Packet p) {
        try {
            if (p.isBinary()) onBinary.accept(p.binary());
            else onMessage.accept(p.text());
        } catch (RuntimeException e) {
            log.error("Engine.IO message handler failed on session {}; closing it", id, e);
            closeNow("server error");
        }
    }

    // --- writing --------------------------------------------------------------------------------------------

    private void enqueue(Packet packet) {
        enqueue(packet, packet.weight());
    }

    private void enqueue(Object item, int weight) {
        if (!loop.inEventLoop()) {
            execute(() -> enqueue(item, weight));
            return;
        }
        if (state != State.OPEN) return;
        buffer.add(item);
        bufferedBytes += weight;
        if (polling && bufferedBytes > options.maxBufferedBytes()) {
            log.info("closing Engine.IO session {}: {} bytes wait for a client that does not poll", id, bufferedBytes);
            closeNow("transport error");
            return;
        }
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (flushScheduled) return;
        flushScheduled = true;
        loop.execute(flushTask);
    }

    /**
     * For a caller on the session's loop about to queue a burst that it ends with {@link #flush} (an inbox's
     * drain): what it sends meanwhile schedules no flush task of its own, which would find the buffer written.
     */
    public void holdFlush() {
        if (loop.inEventLoop()) flushScheduled = true;
    }

    /**
     * Sends what is buffered now instead of at the end of the turn: for a caller on the session's loop that
     * has just queued a burst (the core's deliveries), which saves a task per burst.
     */
    public void flush() {
        if (loop.inEventLoop()) flushOnLoop();
    }

    private void flushOnLoop() {
        if (!loop.inEventLoop()) {
            loop.execute(flushTask);
            return;
        }
        flushScheduled = false;
        if (state == State.CLOSED || buffer.isEmpty()) return;
        if (websocket != null) {
            writeBufferTo(websocket);
            if (websocket.pendingOutboundBytes() > options.maxBufferedBytes()) {
                log.info("closing Engine.IO session {}: its client does not read", id);
                closeNow("transport error");
            }
        } else if (poll.hasPending()) {
            poll.answerPending(drain());
        }
    }

    private void writeBufferTo(WebSocketTransport ws) {
        Object item;
        while ((item = buffer.poll()) != null) ws.write(item);
        bufferedBytes = 0;
        ws.flush();
    }

    private List<Packet> drain() {
        List<Packet> out = new ArrayList<>(buffer.size() + 1);
        Object item;
        while ((item = buffer.poll()) != null) {
            out.add(item instanceof SharedText t ? Packet.message(t.text()) : (Packet) item);
        }
        bufferedBytes = 0;
        return out;
    }

    // --- heartbeat ------------------------------------------------------------------------------------------

    private void startHeartbeat() {
        if (protocol == 3) resetDeadline(options.pingInterval().toMillis() + options.pingTimeout().toMillis());
        else schedulePing();
    }

    private void schedulePing() {
        cancel(heartbeat);
        heartbeat = loop.schedule(pingTimer, options.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onPingTimer() {
        if (!loop.inEventLoop()) {
            execute(pingTimer); // the session moved to another loop since the timer was set
            return;
        }
        heartbeat = null;
        if (state == State.CLOSED) return;
        awaitingPong = true;
        deadlineRefreshed = false;
        enqueue(Packet.PING);
        resetDeadline(options.pingTimeout().toMillis());
    }

    private void resetDeadline(long millis) {
        cancel(deadline);
        deadline = loop.schedule(deadlineTimer, millis, TimeUnit.MILLISECONDS);
    }

    private void onDeadline() {
        if (!loop.inEventLoop()) {
            execute(deadlineTimer);
            return;
        }
        deadline = null;
        if (state != State.CLOSED) closeNow("ping timeout");
    }

    private ScheduledFuture<?> schedule(long millis, Runnable task) {
        return loop.schedule(() -> execute(() -> {
            if (state != State.CLOSED) task.run();
        }), millis, TimeUnit.MILLISECONDS);
    }

    /** Cancels {@code f} if there is one; returns null for the field, so a spent timer is not kept alive. */
    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
        return null;
    }

    // --- closing --------------------------------------------------------------------------------------------

    private void closeGracefully(String reason) {
        if (state != State.OPEN) return;
        closingReason = reason;
        if (websocket != null) {
            writeBufferTo(websocket);
            closeNow(reason);
        } else if (poll.hasPending()) {
            List<Packet> last = drain();
            last.add(Packet.CLOSE);
            poll.answerPending(last);
            closeNow(reason);
        } else if (buffer.isEmpty()) {
            closeNow(reason);
        } else {
            state = State.CLOSING; // the next poll takes what is left and the close packet
            closeTimer = schedule(options.pingInterval().toMillis() + options.pingTimeout().toMillis(),
                    () -> closeNow(reason));
        }
    }

    /** Ends the session at once, dropping what is buffered; the handler hears {@code reason}. */
    void closeNow(String reason) {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        server.removed(this);
        heartbeat = cancel(heartbeat);
        deadline = cancel(deadline);
        upgradeTimer = cancel(upgradeTimer);
        closeTimer = cancel(closeTimer);
        buffer.clear();
        bufferedBytes = 0;
        if (poll.hasPending()) poll.answerPending(List.of(Packet.CLOSE));
        if (websocket != null) websocket.close();
        if (probe != null) probe.close();
        probe = null;
        try {
            onClose.accept(reason);
        } catch (RuntimeException e) {
            log.error("Engine.IO close handler failed on session {}", id, e);
        }
    }
}
