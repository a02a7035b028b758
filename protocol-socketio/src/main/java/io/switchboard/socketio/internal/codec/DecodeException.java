package io.switchboard.socketio.internal.codec;

/** A Socket.IO packet the reference parser would refuse; the connection that sent it is closed. */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
