package io.switchboard.socketio;

import io.switchboard.json.RawValue;

/**
 * JSON text an application serialised itself (with its own mapper), sent as is inside event arguments.
 * The text must be one valid JSON value; it is not checked.
 */
public record RawJson(String json) implements RawValue {
    public RawJson {
        if (json == null || json.isBlank()) throw new IllegalArgumentException("raw JSON must not be empty");
    }
}
