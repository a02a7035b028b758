package io.switchboard.centrifugo.internal.codec;

/** A frame that is not a well-formed command; the connection answers it with disconnect 3501. */
public final class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
