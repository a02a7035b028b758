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

/** Centrifugo's Protobuf encoding for bidirectional connections: varint-delimited Commands and Replies. */
public final class ProtobufCodec implements ClientCodec {
    public static final ProtobufCodec BIDI = new ProtobufCodec();

    private final int slot = PreparedPublication.newCodecSlot();
    private final int deltaFullSlot = PreparedPublication.newCodecSlot();
    private final int deltaPatchSlot = PreparedPublication.newCodecSlot();
    private final int frameSlot = PreparedPublication.newCodecSlot();

    private ProtobufCodec() {
    }

    @Override public boolean binary() { return true; }
    @Override public int cacheSlot() { return slot; }
    @Override public int frameSlot() { return frameSlot; }
    @Override public int deltaFullSlot() { return deltaFullSlot; }
    @Override public int deltaPatchSlot() { return deltaPatchSlot; }
    @Override public boolean carries(byte[] data) { return true; }

    @Override
    public List<Command> decode(byte[] frame) throws DecodeException {
        return ProtobufCommandDecoder.decode(frame);
    }

    @Override public byte[] ping() { return ProtobufReplies.ping(); }
    @Override public byte[] error(long id, ClientError e) { return ProtobufReplies.error(id, e); }
    @Override public byte[] empty(long id, Method m) { return ProtobufReplies.empty(id, m); }
    @Override public byte[] connect(long id, Results.Connect r) { return ProtobufReplies.connect(id, r); }
    @Override public byte[] subscribe(long id, Results.Subscribe r) { return ProtobufReplies.subscribe(id, r); }
    @Override public byte[] mapSubscribe(long id, Results.MapSubscribe r) { return ProtobufReplies.mapSubscribe(id, r); }
    @Override public byte[] presence(long id, Map<String, ClientInfo> m) { return ProtobufReplies.presence(id, m); }
    @Override public byte[] presenceStats(long id, PresenceStats s) { return ProtobufReplies.presenceStats(id, s); }
    @Override public byte[] history(long id, Results.History r) { return ProtobufReplies.history(id, r); }
    @Override public byte[] rpc(long id, byte[] data) { return ProtobufReplies.rpc(id, data); }
    @Override public byte[] refresh(long id, Results.Refresh r) { return ProtobufReplies.refresh(id, r); }
    @Override public byte[] subRefresh(long id, Results.SubRefresh r) { return ProtobufReplies.subRefresh(id, r); }
    @Override public byte[] tracked(long id, Results.Tracked r) { return ProtobufReplies.tracked(id, r); }
    @Override public byte[] pollPush(String channel, Results.PollItem item) { return ProtobufReplies.pollPush(channel, item); }
    @Override public byte[] publicationPush(String channel, Publication p) { return ProtobufReplies.publicationPush(channel, p); }

    @Override
    public byte[] deltaPublicationPush(String channel, Publication p, byte[] payload, boolean isDelta) {
        return ProtobufReplies.deltaPublicationPush(channel, p, payload, isDelta);
    }

    @Override public byte[] joinPush(String channel, ClientInfo info) { return ProtobufReplies.joinPush(channel, info); }
    @Override public byte[] leavePush(String channel, ClientInfo info) { return ProtobufReplies.leavePush(channel, info); }
    @Override public byte[] unsubscribePush(String channel, Unsubscribe u) { return ProtobufReplies.unsubscribePush(channel, u); }
    @Override public byte[] subscribePush(String channel, Results.Subscribe r) { return ProtobufReplies.subscribePush(channel, r); }
    @Override public byte[] disconnectPush(Disconnect d) { return ProtobufReplies.disconnectPush(d); }
    @Override public byte[] connectPush(Results.Connect r) { return ProtobufReplies.connectPush(r); }
    @Override public byte[] refreshPush(boolean expires, long ttl) { return ProtobufReplies.refreshPush(expires, ttl); }
}
