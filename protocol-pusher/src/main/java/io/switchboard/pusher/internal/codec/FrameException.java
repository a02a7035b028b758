package io.switchboard.pusher.internal.codec;

/** A client message that is not a Pusher frame: not JSON, not an object, or without a string {@code event}. */
public final class FrameException extends Exception {
    public FrameException(String message) {
        super(message, null, false, false);
    }
}
