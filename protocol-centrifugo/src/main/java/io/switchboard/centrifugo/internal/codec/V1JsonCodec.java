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
 * Protocol v1 in JSON, as the Centrifuge library wrote it for v1 clients: a reply is {@code {"id":N,"result":{…}}}
 * or {@code {"id":N,"error":{…}}}, a push is {@code {"result":{"type":T,"channel":"c","data":{…}}}} with the type
 * left out for publications (0), and the ping reply is {@code {"id":N}}. The objects inside are v2's, less the
 * fields v1 does not have. Bidirectional only; v1 has no delta.
 */
public final class V1JsonCodec implements ClientCodec {
    public static final V1JsonCodec BIDI = new V1JsonCodec();

    private final int slot = PreparedPublication.newCodecSlot();
    private final int frameSlot = PreparedPublication.newCodecSlot();

    private V1JsonCodec() {
    }

    @Override public ProtocolVersion version() { return ProtocolVersion.V1; }
    @Override public boolean binary() { return false; }
    @Override public int cacheSlot() { return slot; }
    @Override public int frameSlot() { return frameSlot; }
    @Override public boolean carries(byte[] data) { return JsonValidity.isJson(data); }
    @Override public String closeReason(Disconnect d) { return V1Wire.closeAdvice(d); }

    @Override
    public List<Command> decode(byte[] frame) throws DecodeException {
        return V1JsonCommandDecoder.decode(frame);
    }

    /** Never sent: v1 clients ping the server, which answers; the server's keepalive is a WebSocket ping frame. */
    @Override public byte[] ping() { throw new UnsupportedOperationException("protocol v1 has no server ping"); }

    @Override public byte[] error(long id, ClientError e) { return json(96, w -> JsonReplies.error(w, id, e)); }

    @Override
    public byte[] empty(long id, Method m) {
        if (m == Method.PING) return json(24, w -> w.open().numberField("id", id).close());
        return result(id, 32, w -> w.open().close());
    }

    @Override
    public byte[] connect(long id, Results.Connect r) {
        return result(id, 256, w -> JsonReplies.connectBody(w, V1Wire.v1Only(r)));
    }

    @Override
    public byte[] subscribe(long id, Results.Subscribe r) {
        return result(id, 128, w -> JsonReplies.subscribeBody(w, V1Wire.v1Only(r)));
    }

    @Override
    public byte[] presence(long id, Map<String, ClientInfo> members) {
        return result(id, 256, w -> {
            w.open().field("presence").open();
            for (Map.Entry<String, ClientInfo> e : members.entrySet()) {
                w.field(e.getKey());
                JsonReplies.clientInfo(w, e.getValue());
            }
            w.close().close();
        });
    }

    @Override
    public byte[] presenceStats(long id, PresenceStats s) {
        return result(id, 64, w -> w.open().field("num_clients").number(s.numClients())
                .field("num_users").number(s.numUsers()).close());
    }

    /** As the Go encoder writes a HistoryResult: publications, epoch and offset always, even when empty. */
    @Override
    public byte[] history(long id, Results.History r) {
        return result(id, 256, w -> {
            w.open().field("publications").openArray();
            if (r.publications() != null) {
                for (Publication p : r.publications()) {
                    w.element();
                    JsonReplies.publication(w, p);
                }
            }
            w.closeArray().field("epoch").string(r.epoch() == null ? "" : r.epoch())
                    .field("offset").number(r.offset()).close();
        });
    }

    @Override public byte[] rpc(long id, byte[] data) { return result(id, 64, w -> w.open().rawField("data", data).close()); }

    @Override
    public byte[] refresh(long id, Results.Refresh r) {
        return result(id, 128, w -> w.open().stringField("client", r.client()).stringField("version", r.version())
                .trueField("expires", r.expires()).numberField("ttl", r.ttl()).close());
    }

    @Override
    public byte[] subRefresh(long id, Results.SubRefresh r) {
        return result(id, 64, w -> w.open().trueField("expires", r.expires()).numberField("ttl", r.ttl()).close());
    }

    // --- pushes ---------------------------------------------------------------------------------------

    @Override
    public byte[] publicationPush(String channel, Publication p) {
        return push(V1Wire.PUSH_PUBLICATION, channel, p.data().length + channel.length() + 96,
                w -> JsonReplies.publication(w, p));
    }

    /** v1 has no delta: a v1 subscription never negotiates it (its requests carry no {@code delta}). */
    /** Never asked: a v1 subscribe carries no type, so a map channel refuses it before any answer. */
    @Override
    public byte[] mapSubscribe(long id, Results.MapSubscribe result) {
        throw new UnsupportedOperationException("protocol v1 has no map subscriptions");
    }

    @Override public int deltaFullSlot() { throw new UnsupportedOperationException("protocol v1 has no delta"); }
    @Override public int deltaPatchSlot() { throw new UnsupportedOperationException("protocol v1 has no delta"); }

    @Override
    public byte[] deltaPublicationPush(String channel, Publication p, byte[] payload, boolean isDelta) {
        throw new UnsupportedOperationException("protocol v1 has no delta");
    }

    @Override
    public byte[] joinPush(String channel, ClientInfo info) {
        return push(V1Wire.PUSH_JOIN, channel, 128, w -> info(w, info));
    }

    @Override
    public byte[] leavePush(String channel, ClientInfo info) {
        return push(V1Wire.PUSH_LEAVE, channel, 128, w -> info(w, info));
    }

    @Override
    public byte[] unsubscribePush(String channel, Unsubscribe u) {
        return push(V1Wire.PUSH_UNSUBSCRIBE, channel, 128, w -> w.open().numberField("code", u.code())
                .stringField("reason", u.reason()).close());
    }

    @Override
    public byte[] subscribePush(String channel, Results.Subscribe r) {
        return push(V1Wire.PUSH_SUBSCRIBE, channel, 128, w -> w.open().trueField("recoverable", r.recoverable())
                .stringField("epoch", r.epoch()).numberField("offset", r.offset())
                .trueField("positioned", r.positioned()).rawField("data", r.data()).close());
    }

    @Override
    public byte[] disconnectPush(Disconnect d) {
        return push(V1Wire.PUSH_DISCONNECT, null, 96, w -> w.open().numberField("code", d.code())
                .stringField("reason", d.reason()).trueField("reconnect", d.reconnect()).close());
    }

    @Override
    public byte[] connectPush(Results.Connect r) {
        return push(V1Wire.PUSH_CONNECT, null, 256, w -> JsonReplies.connectBody(w, V1Wire.v1Only(r)));
    }

    @Override
    public byte[] refreshPush(boolean expires, long ttl) {
        return push(V1Wire.PUSH_REFRESH, null, 64, w -> w.open().trueField("expires", expires)
                .numberField("ttl", ttl).close());
    }

    // --- envelopes ------------------------------------------------------------------------------------

    private static byte[] result(long id, int capacity, Consumer<JsonWriter> body) {
        return json(capacity, w -> {
            w.open().numberField("id", id).field("result");
            body.accept(w);
            w.close();
        });
    }

    private static byte[] push(int type, String channel, int capacity, Consumer<JsonWriter> data) {
        return json(capacity, w -> {
            w.open().field("result").open().numberField("type", type).stringField("channel", channel).field("data");
            data.accept(w);
            w.close().close();
        });
    }

    private static void info(JsonWriter w, ClientInfo info) {
        w.open().field("info");
        JsonReplies.clientInfo(w, info);
        w.close();
    }

    private static byte[] json(int capacity, Consumer<JsonWriter> encoder) {
        JsonWriter w = new JsonWriter(capacity);
        encoder.accept(w);
        return w.toByteArray();
    }
}
