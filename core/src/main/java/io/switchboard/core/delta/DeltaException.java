package io.switchboard.core.delta;

/** A delta that cannot be applied: malformed, truncated, out of range for its source, or failing its checksum. */
public final class DeltaException extends Exception {
    public DeltaException(String message) {
        super(message, null, false, false);
    }
}
