package io.switchboard.protocol.proxy;

/** A key a shared poll refresh asks about, with the version the server holds (0: none yet). */
public record PolledKey(String key, long version) {
}
