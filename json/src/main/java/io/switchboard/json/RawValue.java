package io.switchboard.json;

/** JSON text produced elsewhere, written by {@link CompactJson} as it is; it must be one valid JSON value. */
public interface RawValue {
    String json();
}
