package io.switchboard.core;

import java.util.Map;

/**
 * One message in a channel. {@code offset} is 0 for channels without history; {@code info} is null for
 * publications from the server API; {@code time} is unix milliseconds, 0 when not stamped.
 */
public record Publication(long offset, byte[] data, ClientInfo info, Map<String, String> tags, long time) {
    public Publication {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (data == null) throw new IllegalArgumentException("publication data is required");
    }

    public Publication withOffset(long newOffset) {
        return new Publication(newOffset, data, info, tags, time);
    }
}
