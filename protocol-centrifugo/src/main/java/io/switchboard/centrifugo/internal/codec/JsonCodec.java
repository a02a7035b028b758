package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Centrifugo's JSON encoding. Bidirectional connections get pushes wrapped in {@code {"push":{...}}};
 * unidirectional ones get the bare Push object ({@code {"channel":"x","pub":{...}}}).
 */
public final class JsonCodec implements ClientCodec {
    public static final JsonCodec BIDI = new JsonCodec(false);
    public static final JsonCodec UNI = new JsonCodec(true);

    private final boolean uni;
    private final int slot = PreparedPublication.newCodecSlot();
    private final int deltaFullSlot = PreparedPublication.newCodecSlot();
    private final int deltaPatchSlot = PreparedPublication.newCodecSlot();
    private final int frameSlot = PreparedPublication.newCodecSlot();

    private JsonCodec(boolean uni) {
        this.uni = uni;
    }

    @Override public int deltaFullSlot() { return deltaFullSlot; }
    @Override public int deltaPatchSlot() { return deltaPatchSlot; }

    @Override
    public byte[] deltaPublicationPush(String channel, Publication p, byte[] payload, boolean isDelta) {
        return json(payload.length + channel.length() + 128, w -> {
            if (!uni) w.open().field("push");
            w.open().field("channel").string(channel).field("pub");
            JsonReplies.deltaPublication(w, p, payload, isDelta);
            w.close();
            if (!uni) w.close();
        });
    }

    private static byte[] json(int capacity, Consumer<JsonWriter> encoder) {
        JsonWriter w = new JsonWriter(capacity);
        encoder.accept(w);
        return w.toByteArray();
    }

    @Override public boolean binary() { return false; }
    @Override public int cacheSlot() { return slot; }
    @Override public int frameSlot() { return frameSlot; }
    @Override public boolean carries(byte[] data) { return JsonValidity.isJson(data); }

    @Override
    public List<Command> decode(byte[] frame) throws DecodeException {
        return JsonCommandDecoder.decode(frame);
    }

    @Override public byte[] ping() { return new byte[] {'{', '}'}; }
    @Override public byte[] error(long id, ClientError e) { return json(96, w -> JsonReplies.error(w, id, e)); }
    @Override public byte[] empty(long id, Method m) { return json(32, w -> JsonReplies.empty(w, id, m)); }
    @Override public byte[] connect(long id, Results.Connect r) { return json(256, w -> JsonReplies.connect(w, id, r)); }
    @Override public byte[] subscribe(long id, Results.Subscribe r) { return json(128, w -> JsonReplies.subscribe(w, id, r)); }
    @Override public byte[] mapSubscribe(long id, Results.MapSubscribe r) { return json(256, w -> JsonReplies.mapSubscribe(w, id, r)); }
    @Override public byte[] presence(long id, Map<String, ClientInfo> m) { return json(256, w -> JsonReplies.presence(w, id, m)); }
    @Override public byte[] presenceStats(long id, PresenceStats s) { return json(64, w -> JsonReplies.presenceStats(w, id, s)); }
    @Override public byte[] history(long id, Results.History r) { return json(256, w -> JsonReplies.history(w, id, r)); }
    @Override public byte[] rpc(long id, byte[] data) { return json(64, w -> JsonReplies.rpc(w, id, data)); }
    @Override public byte[] refresh(long id, Results.Refresh r) { return json(128, w -> JsonReplies.refresh(w, id, r)); }
    @Override public byte[] subRefresh(long id, Results.SubRefresh r) { return json(64, w -> JsonReplies.subRefresh(w, id, r)); }
    @Override public byte[] tracked(long id, Results.Tracked r) { return json(128, w -> JsonReplies.tracked(w, id, r)); }

    @Override
    public byte[] pollPush(String channel, Results.PollItem item) {
        int size = (item.data() == null ? 0 : item.data().length) + channel.length() + 96;
        return uni ? json(size, w -> {
            w.open().field("channel").string(channel).field("pub");
            JsonReplies.pollItem(w, item);
            w.close();
        }) : json(size, w -> JsonReplies.pollPush(w, channel, item));
    }

    @Override
    public byte[] publicationPush(String channel, Publication p) {
        return json(p.data().length + channel.length() + 96, w -> {
            if (uni) {
                w.open().field("channel").string(channel).field("pub");
                JsonReplies.publication(w, p);
                w.close();
            } else {
                JsonReplies.publicationPush(w, channel, p);
            }
        });
    }

    @Override
    public byte[] joinPush(String channel, ClientInfo info) {
        return uni ? json(128, w -> bare(w, channel, "join", () -> infoBody(w, info)))
                : json(128, w -> JsonReplies.joinPush(w, channel, info));
    }

    @Override
    public byte[] leavePush(String channel, ClientInfo info) {
        return uni ? json(128, w -> bare(w, channel, "leave", () -> infoBody(w, info)))
                : json(128, w -> JsonReplies.leavePush(w, channel, info));
    }

    @Override
    public byte[] unsubscribePush(String channel, Unsubscribe u) {
        return uni ? json(128, w -> bare(w, channel, "unsubscribe", () -> w.open().field("code").number(u.code())
                .stringField("reason", u.reason()).close()))
                : json(128, w -> JsonReplies.unsubscribePush(w, channel, u));
    }

    @Override
    public byte[] subscribePush(String channel, Results.Subscribe r) {
        return uni ? json(128, w -> bare(w, channel, "subscribe", () -> w.open()
                .trueField("recoverable", r.recoverable()).stringField("epoch", r.epoch())
                .numberField("offset", r.offset()).trueField("positioned", r.positioned())
                .rawField("data", r.data()).close()))
                : json(128, w -> JsonReplies.subscribePush(w, channel, r));
    }

    @Override
    public byte[] disconnectPush(Disconnect d) {
        if (!uni) return json(96, w -> JsonReplies.disconnectPush(w, d));
        return json(96, w -> w.open().field("disconnect").open().field("code").number(d.code())
                .stringField("reason", d.reason()).trueField("reconnect", d.reconnect()).close().close());
    }

    @Override
    public byte[] connectPush(Results.Connect r) {
        if (!uni) return json(256, w -> {
            w.open().field("push").open().field("connect");
            JsonReplies.connectBody(w, r);
            w.close().close();
        });
        return json(256, w -> {
            w.open().field("connect");
            JsonReplies.connectBody(w, r);
            w.close();
        });
    }

    @Override
    public byte[] refreshPush(boolean expires, long ttl) {
        return json(64, w -> {
            if (!uni) w.open().field("push");
            w.open().field("refresh").open().trueField("expires", expires).numberField("ttl", ttl).close().close();
            if (!uni) w.close();
        });
    }

    private static void bare(JsonWriter w, String channel, String kind, Runnable body) {
        w.open().field("channel").string(channel).field(kind);
        body.run();
        w.close();
    }

    private static void infoBody(JsonWriter w, ClientInfo info) {
        w.open().field("info");
        JsonReplies.clientInfo(w, info);
        w.close();
    }
}
