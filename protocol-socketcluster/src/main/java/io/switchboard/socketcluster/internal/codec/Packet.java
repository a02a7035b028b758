package io.switchboard.socketcluster.internal.codec;

import io.switchboard.json.JsonNumber;

/**
 * One decoded client packet. Values are {@link io.switchboard.json.JsonTree} values (JSON null is Java null). A
 * {@code cid} or {@code rid} is a JSON number as written, or null: since socketcluster-server 18 a cid that is not
 * a number makes the event a transmit, and a rid that is not a number matches nothing.
 */
public sealed interface Packet {
    /** {@code {event, data?, cid?}}: an invoke when it has a cid, else a transmit. */
    record Event(String event, Object data, JsonNumber cid) implements Packet {
        public boolean invoke() {
            return cid != null;
        }
    }

    /** {@code {rid, data?}} or {@code {rid, error}} ({@code error: null} is a success, as SC's hydrateError reads it). */
    record Response(JsonNumber rid, Object data, Object error) implements Packet {
    }

    /** Valid JSON that is neither an event nor a response: SC's {@code raw} message. */
    record Raw(Object value) implements Packet {
    }
}
