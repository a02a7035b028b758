package io.switchboard.transport.sockjs;

import java.util.ArrayList;
import java.util.List;

/**
 * One SockJS session, as a state machine on its {@link SessionLoop} (no sockets: tests drive it on a fake clock).
 * The first receiving request opens it with {@code o}; messages queue until a receiver takes them as one
 * {@code a[...]} frame; a receiver held for {@code heartbeat} hears {@code h}; a second receiver while one is held
 * gets {@code c[2010,"Another connection still open"]}. Without a receiver for the disconnect delay the session is
 * gone; a receiver dropped by the network ends it with 1002. A closed session answers its close frame to every
 * request until the disconnect delay has passed. Every method runs on the session's loop.
 */
public final class SockJsSession {
    /** What the application sees of its session. */
    public interface Handler {
        /** Messages the client sent, in order. */
        void messages(List<String> messages);

        /** The session ended (closed by either side or timed out); called once. */
        void closed();
    }

    public static final String ANOTHER_CONNECTION = SockJsFrames.close(2010, "Another connection still open");
    public static final String INTERRUPTED = SockJsFrames.close(1002, "Connection interrupted");

    enum State { NEW, OPEN, CLOSED }

    private final String id;
    private final SessionLoop loop;
    private final long heartbeatMillis;
    private final long disconnectMillis;
    private final Runnable onGone;
    private final String remoteAddress;
    private final List<String> queue = new ArrayList<>();
    private long queuedChars;
    private Handler handler;
    private State state = State.NEW;
    private Receiver receiver;
    private String closeFrame;
    private Runnable heartbeatTimer;
    private Runnable disconnectTimer;
    private boolean handlerNotified;

    /**
     * @param heartbeatMillis  the {@code h} period, 0 for none
     * @param disconnectMillis how long the session waits for a receiver, and a closed one lingers
     * @param onGone           run once when the session is to be forgotten (its registry's removal)
     */
    public SockJsSession(String id, SessionLoop loop, long heartbeatMillis, long disconnectMillis, String remoteAddress,
                         Runnable onGone) {
        this.id = id;
        this.loop = loop;
        this.heartbeatMillis = heartbeatMillis;
        this.disconnectMillis = disconnectMillis;
        this.remoteAddress = remoteAddress;
        this.onGone = onGone;
    }

    public String id() {
        return id;
    }

    public SessionLoop loop() {
        return loop;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** Set once, before the first receiver: who hears the client. */
    public void handler(Handler h) {
        this.handler = h;
    }

    State state() {
        return state;
    }

    // --- the transport's side ----------------------------------------------------------------------------

    /** A receiving request arrived for this session. */
    public void attach(Receiver r) {
        if (state == State.CLOSED) {
            r.write(closeFrame);
            r.end();
            return;
        }
        if (receiver != null) {
            r.write(ANOTHER_CONNECTION);
            r.end();
            return;
        }
        if (!r.isOpen()) {
            // dropped on its way here: not held, or the session would wait on it forever
            if (receiver == null && disconnectTimer == null) detached();
            return;
        }
        cancelDisconnectTimer();
        receiver = r;
        if (state == State.NEW) {
            state = State.OPEN;
            scheduleHeartbeat();
            if (!r.write(SockJsFrames.OPEN)) {
                detached();
                return;
            }
        }
        drain();
    }

    /** The client sent messages (xhr_send, jsonp_send, a WebSocket frame); false when the session is not open. */
    public boolean receive(List<String> messages) {
        if (state != State.OPEN) return false;
        if (!messages.isEmpty() && handler != null) handler.messages(messages);
        return true;
    }

    /** The receiving request was dropped by the network (not ended by us): the session ends with 1002. */
    public void receiverGone(Receiver r) {
        if (receiver != r) return;
        receiver = null;
        if (state == State.CLOSED) return;
        end(INTERRUPTED);
        notifyClosed();
    }

    // --- the application's side --------------------------------------------------------------------------

    /** Queues one message; {@link #flush} sends what is queued. */
    public void send(String message) {
        if (state == State.CLOSED) return;
        queue.add(message);
        queuedChars += message.length();
    }

    /** Sends the queued messages as one frame, when a receiver is held. */
    public void flush() {
        if (state != State.CLOSED) drain();
    }

    /** Closes the session with this code and reason: the close frame now if a receiver is held, else at the next. */
    public void close(int code, String reason) {
        if (state == State.CLOSED) return;
        drain();
        end(SockJsFrames.close(code, reason));
        if (receiver != null) {
            Receiver r = receiver;
            receiver = null;
            r.write(closeFrame);
            r.end();
        }
        notifyClosed();
    }

    /** Characters queued and bytes not yet taken by the client: what the application's slow-client bound weighs. */
    public long pendingBytes() {
        return queuedChars + (receiver == null ? 0 : receiver.pendingBytes());
    }

    public boolean isOpen() {
        return state != State.CLOSED;
    }

    // --- inside ------------------------------------------------------------------------------------------

    private void drain() {
        if (receiver == null || queue.isEmpty()) return;
        if (!receiver.write(takeQueue())) detached();
    }

    private String takeQueue() {
        String frame = SockJsFrames.array(queue);
        queue.clear();
        queuedChars = 0;
        return frame;
    }

    /** The receiver ended by itself: wait for the next one. */
    private void detached() {
        receiver = null;
        if (state != State.CLOSED) disconnectTimer = loop.schedule(disconnectMillis, this::timedOut);
    }

    private void timedOut() {
        disconnectTimer = null;
        if (receiver != null) return;
        if (state != State.CLOSED) {
            state = State.CLOSED;
            closeFrame = INTERRUPTED;
            cancel(heartbeatTimer);
            queue.clear();
            queuedChars = 0;
            notifyClosed();
        }
        onGone.run();
    }

    /** Closed: lingers for the disconnect delay answering the close frame, then is forgotten. */
    private void end(String frame) {
        state = State.CLOSED;
        closeFrame = frame;
        cancel(heartbeatTimer);
        cancelDisconnectTimer();
        queue.clear();
        queuedChars = 0;
        disconnectTimer = loop.schedule(disconnectMillis, () -> {
            disconnectTimer = null;
            onGone.run();
        });
    }

    private void notifyClosed() {
        if (handlerNotified) return;
        handlerNotified = true;
        if (handler != null) handler.closed();
    }

    private void scheduleHeartbeat() {
        if (heartbeatMillis <= 0) return;
        heartbeatTimer = loop.schedule(heartbeatMillis, () -> {
            if (state != State.OPEN) return;
            if (receiver != null && !receiver.write(SockJsFrames.HEARTBEAT)) detached();
            scheduleHeartbeat();
        });
    }

    private void cancelDisconnectTimer() {
        cancel(disconnectTimer);
        disconnectTimer = null;
    }

    private static void cancel(Runnable timer) {
        if (timer != null) timer.run();
    }
}
