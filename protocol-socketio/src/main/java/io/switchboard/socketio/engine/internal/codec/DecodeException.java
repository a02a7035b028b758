package io.switchboard.socketio.engine.internal.codec;

/** Input that is not valid Engine.IO framing; the session that sent it is closed with "parse error". */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
