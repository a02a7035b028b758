package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Protobuf for unidirectional gRPC streams: each message is a bare {@code Push}, with no Reply around it and
 * no length prefix (gRPC frames messages itself). Built from the bidirectional encoding by slicing: a
 * delimited {@code Reply{push}} is a length, the push field's tag and length, then the Push bytes.
 */
public final class UniProtobufCodec implements ClientCodec {
    public static final UniProtobufCodec INSTANCE = new UniProtobufCodec();
    private static final byte[] EMPTY_PUSH = new byte[0];
    private static final int PUSH_FIELD_TAG = (4 << 3) | 2;

    private final int slot = PreparedPublication.newCodecSlot();
    private final int deltaFullSlot = PreparedPublication.newCodecSlot();
    private final int deltaPatchSlot = PreparedPublication.newCodecSlot();
    private final int frameSlot = PreparedPublication.newCodecSlot();

    private UniProtobufCodec() {
    }

    /** The Push inside a delimited {@code Reply} that carries only a push. */
    static byte[] unwrapPush(byte[] delimitedReply) {
        int[] pos = {0};
        readVarint(delimitedReply, pos);
        if (pos[0] == delimitedReply.length) return EMPTY_PUSH; // an empty Reply: the ping
        if ((delimitedReply[pos[0]++] & 0xff) != PUSH_FIELD_TAG) throw new IllegalArgumentException("not a push reply");
        int length = readVarint(delimitedReply, pos);
        return Arrays.copyOfRange(delimitedReply, pos[0], pos[0] + length);
    }

    private static int readVarint(byte[] b, int[] pos) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte x = b[pos[0]++];
            value |= (x & 0x7f) << shift;
            if (x >= 0) return value;
        }
        throw new IllegalArgumentException("varint too long");
    }

    @Override public boolean binary() { return true; }
    @Override public int cacheSlot() { return slot; }
    @Override public int frameSlot() { return frameSlot; }
    @Override public int deltaFullSlot() { return deltaFullSlot; }
    @Override public int deltaPatchSlot() { return deltaPatchSlot; }
    @Override public boolean carries(byte[] data) { return true; }

    @Override
    public List<Command> decode(byte[] frame) throws DecodeException {
        throw new DecodeException("unidirectional clients send no commands");
    }

    @Override public byte[] ping() { return EMPTY_PUSH; }

    // Replies to commands never happen on a unidirectional stream.
    @Override public byte[] error(long id, ClientError e) { throw unsupported(); }
    @Override public byte[] empty(long id, Method m) { throw unsupported(); }
    @Override public byte[] connect(long id, Results.Connect r) { throw unsupported(); }
    @Override public byte[] subscribe(long id, Results.Subscribe r) { throw unsupported(); }
    @Override public byte[] mapSubscribe(long id, Results.MapSubscribe r) { throw unsupported(); }
    @Override public byte[] presence(long id, Map<String, ClientInfo> m) { throw unsupported(); }
    @Override public byte[] presenceStats(long id, PresenceStats s) { throw unsupported(); }
    @Override public byte[] history(long id, Results.History r) { throw unsupported(); }
    @Override public byte[] rpc(long id, byte[] data) { throw unsupported(); }
    @Override public byte[] refresh(long id, Results.Refresh r) { throw unsupported(); }
    @Override public byte[] subRefresh(long id, Results.SubRefresh r) { throw unsupported(); }

    @Override public byte[] publicationPush(String channel, Publication p) { return unwrapPush(ProtobufReplies.publicationPush(channel, p)); }

    @Override
    public byte[] deltaPublicationPush(String channel, Publication p, byte[] payload, boolean isDelta) {
        return unwrapPush(ProtobufReplies.deltaPublicationPush(channel, p, payload, isDelta));
    }

    @Override public byte[] joinPush(String channel, ClientInfo info) { return unwrapPush(ProtobufReplies.joinPush(channel, info)); }
    @Override public byte[] leavePush(String channel, ClientInfo info) { return unwrapPush(ProtobufReplies.leavePush(channel, info)); }
    @Override public byte[] unsubscribePush(String channel, Unsubscribe u) { return unwrapPush(ProtobufReplies.unsubscribePush(channel, u)); }
    @Override public byte[] subscribePush(String channel, Results.Subscribe r) { return unwrapPush(ProtobufReplies.subscribePush(channel, r)); }
    @Override public byte[] disconnectPush(Disconnect d) { return unwrapPush(ProtobufReplies.disconnectPush(d)); }
    @Override public byte[] connectPush(Results.Connect r) { return unwrapPush(ProtobufReplies.connectPush(r)); }
    @Override public byte[] refreshPush(boolean expires, long ttl) { return unwrapPush(ProtobufReplies.refreshPush(expires, ttl)); }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("no command replies on a unidirectional stream");
    }
}
