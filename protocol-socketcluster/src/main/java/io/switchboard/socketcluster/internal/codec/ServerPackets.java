package io.switchboard.socketcluster.internal.codec;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonStrings;
import io.switchboard.json.RawValue;

import java.util.List;
import java.util.Map;

/**
 * Server packets as JSON text, keyed as socketcluster-server writes them: {@code {"event":…,"data":…,"cid":…}},
 * {@code {"rid":…,"data":…}}, {@code {"rid":…,"error":{…}}}; no {@code data} key when there is none. Values are plain
 * Java values, {@link io.switchboard.json.JsonTree} values or {@link RawValue}s.
 */
public final class ServerPackets {
    /** Stands for "no data": the key is left out, as JSON.stringify leaves out undefined. */
    public static final Object NO_DATA = new Object();

    private ServerPackets() {
    }

    public static String ping(int protocolVersion) {
        return protocolVersion == 1 ? "#1" : "";
    }

    public static String event(String event, Object data) {
        return event(event, data, 0);
    }

    /** @param cid 0 for a transmit */
    public static String event(String event, Object data, long cid) {
        StringBuilder out = new StringBuilder(64).append("{\"event\":");
        JsonStrings.quote(event, out);
        if (data != NO_DATA) CompactJson.write(data, out.append(",\"data\":"), REFUSE);
        if (cid != 0) out.append(",\"cid\":").append(cid);
        return out.append('}').toString();
    }

    /** {@code {"event":"#publish","data":{"channel":…,"data":<json>}}} around data already in JSON. */
    public static String publish(String channel, String dataJson) {
        StringBuilder out = new StringBuilder(channel.length() + dataJson.length() + 48)
                .append("{\"event\":\"#publish\",\"data\":{\"channel\":");
        JsonStrings.quote(channel, out);
        return out.append(",\"data\":").append(dataJson).append("}}").toString();
    }

    public static String response(JsonNumber rid, Object data) {
        StringBuilder out = new StringBuilder(32).append("{\"rid\":").append(rid.text());
        if (data != NO_DATA) CompactJson.write(data, out.append(",\"data\":"), REFUSE);
        return out.append('}').toString();
    }

    /** @param error SC's dehydrated error: {@code message}, {@code name} and any other fields */
    public static String error(JsonNumber rid, Map<String, ?> error) {
        StringBuilder out = new StringBuilder(64).append("{\"rid\":").append(rid.text()).append(",\"error\":");
        CompactJson.write(error, out, REFUSE);
        return out.append('}').toString();
    }

    /** Several packets in one frame: a JSON array, which every SC client reads packet by packet. */
    public static String batch(List<String> packets) {
        if (packets.size() == 1) return packets.get(0);
        int size = 2;
        for (String p : packets) size += p.length() + 1;
        StringBuilder out = new StringBuilder(size).append('[');
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) out.append(',');
            out.append(packets.get(i));
        }
        return out.append(']').toString();
    }

    private static final CompactJson.Fallback REFUSE = (value, out) -> {
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    };
}
