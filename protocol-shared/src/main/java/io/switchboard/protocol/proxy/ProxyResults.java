package io.switchboard.protocol.proxy;

import io.switchboard.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code result} of each proxy kind, read from the backend's reply as Centrifugo reads it. */
public final class ProxyResults {
    private ProxyResults() {
    }

    /**
     * A connect proxy's result: who the connection is ({@code user}, {@code expire_at}, {@code info}), what the
     * client hears ({@code data}), the server-side subscriptions ({@code channels} with the namespace's options,
     * {@code subs} with their own), and {@code meta} sent along with later proxy calls.
     */
    public record Connect(String user, long expireAt, byte[] info, byte[] data, List<String> channels,
                          Map<String, Subscribe> subs, byte[] meta) {
    }

    /**
     * A subscribe proxy's result, and one entry of a connect result's {@code subs}: expiry, channel info, the data
     * the client gets with its subscription, and overrides of the namespace's options (null keeps the namespace's).
     */
    public record Subscribe(long expireAt, byte[] info, byte[] data, Boolean presence, Boolean joinLeave,
                            Boolean forcePushJoinLeave, Boolean forceRecovery, Boolean forcePositioning) {
        static final Subscribe EMPTY = new Subscribe(0, null, null, null, null, null, null, null);
    }

    /** A refresh proxy's result: expired now, or the new expiry (0 none) and info. */
    public record Refresh(boolean expired, long expireAt, byte[] info, byte[] meta) {
    }

    /** A publish proxy's result: the data to publish instead (null keeps the client's), kept out of history or not. */
    public record Publish(byte[] data, boolean skipHistory, Map<String, String> tags) {
        static final Publish EMPTY = new Publish(null, false, Map.of());
    }

    /** An RPC proxy's result: the data answered to the client (null: none). */
    public record Rpc(byte[] data) {
    }

    /** A sub_refresh proxy's result. */
    public record SubRefresh(boolean expired, long expireAt, byte[] info) {
    }

    static Connect connect(JsonObject r) throws Fields.BadReply {
        Map<String, Subscribe> subs = new LinkedHashMap<>();
        JsonObject subsObject = Fields.object(r, "subs");
        if (subsObject != null) {
            for (var m : subsObject.members()) {
                if (m.getValue() != null && !(m.getValue() instanceof JsonObject)) {
                    throw new Fields.BadReply("subs." + m.getKey() + " is not an object");
                }
                subs.put(m.getKey(), m.getValue() == null ? Subscribe.EMPTY : subscribe((JsonObject) m.getValue()));
            }
        }
        return new Connect(Fields.string(r, "user"), Fields.integer(r, "expire_at"),
                Fields.payload(r, "info", "b64info"), Fields.payload(r, "data", "b64data"),
                Fields.strings(r, "channels"), subs, Fields.rawJson(r, "meta"));
    }

    static Subscribe subscribe(JsonObject r) throws Fields.BadReply {
        if (r == null) return Subscribe.EMPTY;
        JsonObject o = Fields.object(r, "override");
        return new Subscribe(Fields.integer(r, "expire_at"), Fields.payload(r, "info", "b64info"),
                Fields.payload(r, "data", "b64data"), Fields.boolValue(o, "presence"), Fields.boolValue(o, "join_leave"),
                Fields.boolValue(o, "force_push_join_leave"), Fields.boolValue(o, "force_recovery"),
                Fields.boolValue(o, "force_positioning"));
    }

    static Refresh refresh(JsonObject r) throws Fields.BadReply {
        return new Refresh(Fields.bool(r, "expired"), Fields.integer(r, "expire_at"),
                Fields.payload(r, "info", "b64info"), Fields.rawJson(r, "meta"));
    }

    static Publish publish(JsonObject r) throws Fields.BadReply {
        if (r == null) return Publish.EMPTY;
        // as Centrifugo: data wins over b64data here
        byte[] data = Fields.rawJson(r, "data");
        if (data == null) data = Fields.payload(r, "none", "b64data");
        Map<String, String> tags = new LinkedHashMap<>();
        JsonObject t = Fields.object(r, "tags");
        if (t != null) {
            for (var m : t.members()) {
                if (!(m.getValue() instanceof String s)) throw new Fields.BadReply("tags." + m.getKey() + " is not a string");
                tags.put(m.getKey(), s);
            }
        }
        return new Publish(data, Fields.bool(r, "skip_history"), tags);
    }

    static Rpc rpc(JsonObject r) throws Fields.BadReply {
        return new Rpc(r == null ? null : Fields.payload(r, "data", "b64data"));
    }

    /** One item of a shared poll refresh reply; {@code data} null when the reply had none. */
    public record PolledItem(String key, byte[] data, long version, boolean removed) {
    }

    static List<PolledItem> polled(JsonObject r) throws Fields.BadReply {
        Object items = Fields.get(r, "items");
        if (items == null) return List.of();
        if (!(items instanceof List<?> list)) throw new Fields.BadReply("items is not an array");
        List<PolledItem> out = new java.util.ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof JsonObject item)) throw new Fields.BadReply("items holds a non-object");
            String key = Fields.string(item, "key");
            long version = Fields.integer(item, "version");
            if (key.isEmpty() || version < 0) throw new Fields.BadReply("an item without key or with a negative version");
            out.add(new PolledItem(key, Fields.payload(item, "data", "b64data"), version, Fields.bool(item, "removed")));
        }
        return out;
    }

    static SubRefresh subRefresh(JsonObject r) throws Fields.BadReply {
        return new SubRefresh(Fields.bool(r, "expired"), Fields.integer(r, "expire_at"),
                Fields.payload(r, "info", "b64info"));
    }
}
