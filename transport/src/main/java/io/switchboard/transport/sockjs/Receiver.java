package io.switchboard.transport.sockjs;

/**
 * A request that takes a session's frames to the client: a poll answers one frame and ends, a stream carries frames
 * until its byte budget is spent, a WebSocket until it closes. Called on the session's loop.
 */
public interface Receiver {
    /** Writes one frame; false when this receiver has ended with it (a poll answered, a stream at its limit). */
    boolean write(String frame);

    /** Ends the request (after a close frame). */
    void end();

    /** False once the client dropped the request (it may be gone before the session sees it). */
    default boolean isOpen() {
        return true;
    }

    /** Bytes written but not yet taken by the client. */
    default long pendingBytes() {
        return 0;
    }
}
