package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.MessageLite;
import io.switchboard.centrifugo.proto.ConnectResult;
import io.switchboard.centrifugo.proto.HistoryResult;
import io.switchboard.centrifugo.proto.Join;
import io.switchboard.centrifugo.proto.Leave;
import io.switchboard.centrifugo.proto.PresenceResult;
import io.switchboard.centrifugo.proto.PresenceStatsResult;
import io.switchboard.centrifugo.proto.RPCResult;
import io.switchboard.centrifugo.proto.RefreshResult;
import io.switchboard.centrifugo.proto.SubRefreshResult;
import io.switchboard.centrifugo.proto.v1.Push;
import io.switchboard.centrifugo.proto.v1.Reply;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.List;
import java.util.Map;

import static io.switchboard.centrifugo.internal.codec.ProtobufReplies.bytes;
import static io.switchboard.centrifugo.internal.codec.ProtobufReplies.nz;

/**
 * Protocol v1 in Protobuf: {@code Reply{id, error, result}} where {@code result} holds the result message's bytes,
 * and pushes as {@code Reply{result = Push{type, channel, data}}}. The messages inside are v2's, less the fields v1
 * does not have. Bidirectional only; v1 has no delta. {@link #BIDI} frames are varint-delimited messages (WebSocket);
 * {@link #GRPC} messages are bare, one Command or Reply per gRPC message, as Centrifuge's
 * {@code Centrifuge/Communicate} carried them.
 */
public final class V1ProtobufCodec implements ClientCodec {
    public static final V1ProtobufCodec BIDI = new V1ProtobufCodec(true);
    public static final V1ProtobufCodec GRPC = new V1ProtobufCodec(false);

    private final boolean delimited;
    private final int slot = PreparedPublication.newCodecSlot();
    private final int frameSlot = PreparedPublication.newCodecSlot();

    private V1ProtobufCodec(boolean delimited) {
        this.delimited = delimited;
    }

    @Override public ProtocolVersion version() { return ProtocolVersion.V1; }
    @Override public boolean binary() { return true; }
    @Override public int cacheSlot() { return slot; }
    @Override public int frameSlot() { return frameSlot; }
    @Override public boolean carries(byte[] data) { return true; }
    @Override public String closeReason(Disconnect d) { return V1Wire.closeAdvice(d); }

    @Override
    public List<Command> decode(byte[] frame) throws DecodeException {
        return delimited ? V1ProtobufCommandDecoder.decode(frame) : List.of(V1ProtobufCommandDecoder.decodeOne(frame));
    }

    /** Never sent: v1 clients ping the server, which answers; the server's keepalive is a WebSocket ping frame. */
    @Override public byte[] ping() { throw new UnsupportedOperationException("protocol v1 has no server ping"); }

    @Override
    public byte[] error(long id, ClientError e) {
        return reply(Reply.newBuilder().setId((int) id).setError(io.switchboard.centrifugo.proto.Error.newBuilder()
                .setCode(e.code()).setMessage(nz(e.message())).setTemporary(e.temporary())));
    }

    /** Empty result messages encode to no bytes: the reply is just its id. */
    @Override public byte[] empty(long id, Method m) { return reply(Reply.newBuilder().setId((int) id)); }

    @Override
    public byte[] connect(long id, Results.Connect r) {
        Results.Connect v1 = V1Wire.v1Only(r);
        ConnectResult.Builder b = ConnectResult.newBuilder().setClient(nz(v1.client())).setVersion(nz(v1.version()))
                .setExpires(v1.expires()).setTtl((int) v1.ttl()).setData(bytes(v1.data()));
        v1.subs().forEach((channel, s) -> b.putSubs(channel, ProtobufReplies.subscribeResult(s)));
        return result(id, b.build());
    }

    @Override
    public byte[] subscribe(long id, Results.Subscribe r) {
        return result(id, ProtobufReplies.subscribeResult(V1Wire.v1Only(r)));
    }

    @Override
    public byte[] presence(long id, Map<String, ClientInfo> members) {
        PresenceResult.Builder b = PresenceResult.newBuilder();
        members.forEach((client, info) -> b.putPresence(client, ProtobufReplies.clientInfo(info)));
        return result(id, b.build());
    }

    @Override
    public byte[] presenceStats(long id, PresenceStats s) {
        return result(id, PresenceStatsResult.newBuilder().setNumClients(s.numClients()).setNumUsers(s.numUsers()).build());
    }

    @Override
    public byte[] history(long id, Results.History r) {
        HistoryResult.Builder b = HistoryResult.newBuilder().setEpoch(nz(r.epoch())).setOffset(r.offset());
        if (r.publications() != null) for (Publication p : r.publications()) b.addPublications(ProtobufReplies.publication(p));
        return result(id, b.build());
    }

    @Override public byte[] rpc(long id, byte[] data) { return result(id, RPCResult.newBuilder().setData(bytes(data)).build()); }

    @Override
    public byte[] refresh(long id, Results.Refresh r) {
        return result(id, RefreshResult.newBuilder().setClient(nz(r.client())).setVersion(nz(r.version()))
                .setExpires(r.expires()).setTtl((int) r.ttl()).build());
    }

    @Override
    public byte[] subRefresh(long id, Results.SubRefresh r) {
        return result(id, SubRefreshResult.newBuilder().setExpires(r.expires()).setTtl((int) r.ttl()).build());
    }

    // --- pushes ---------------------------------------------------------------------------------------

    @Override
    public byte[] publicationPush(String channel, Publication p) {
        return push(Push.PushType.PUBLICATION, channel, ProtobufReplies.publication(p));
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
        return push(Push.PushType.JOIN, channel, Join.newBuilder().setInfo(ProtobufReplies.clientInfo(info)).build());
    }

    @Override
    public byte[] leavePush(String channel, ClientInfo info) {
        return push(Push.PushType.LEAVE, channel, Leave.newBuilder().setInfo(ProtobufReplies.clientInfo(info)).build());
    }

    @Override
    public byte[] unsubscribePush(String channel, Unsubscribe u) {
        return push(Push.PushType.UNSUBSCRIBE, channel, io.switchboard.centrifugo.proto.Unsubscribe.newBuilder()
                .setCode(u.code()).setReason(nz(u.reason())).build());
    }

    @Override
    public byte[] subscribePush(String channel, Results.Subscribe r) {
        return push(Push.PushType.SUBSCRIBE, channel, io.switchboard.centrifugo.proto.Subscribe.newBuilder()
                .setRecoverable(r.recoverable()).setEpoch(nz(r.epoch())).setOffset(r.offset())
                .setPositioned(r.positioned()).setData(bytes(r.data())).build());
    }

    @Override
    public byte[] disconnectPush(Disconnect d) {
        return push(Push.PushType.DISCONNECT, "", io.switchboard.centrifugo.proto.Disconnect.newBuilder()
                .setCode(d.code()).setReason(d.reason()).setReconnect(d.reconnect()).build());
    }

    @Override
    public byte[] connectPush(Results.Connect r) {
        Results.Connect v1 = V1Wire.v1Only(r);
        io.switchboard.centrifugo.proto.Connect.Builder b = io.switchboard.centrifugo.proto.Connect.newBuilder()
                .setClient(nz(v1.client())).setVersion(nz(v1.version())).setExpires(v1.expires())
                .setTtl((int) v1.ttl()).setData(bytes(v1.data()));
        v1.subs().forEach((channel, s) -> b.putSubs(channel, ProtobufReplies.subscribeResult(s)));
        return push(Push.PushType.CONNECT, "", b.build());
    }

    @Override
    public byte[] refreshPush(boolean expires, long ttl) {
        return push(Push.PushType.REFRESH, "", io.switchboard.centrifugo.proto.Refresh.newBuilder()
                .setExpires(expires).setTtl((int) ttl).build());
    }

    // --- envelopes ------------------------------------------------------------------------------------

    private byte[] result(long id, MessageLite result) {
        return reply(Reply.newBuilder().setId((int) id).setResult(result.toByteString()));
    }

    private byte[] push(Push.PushType type, String channel, MessageLite data) {
        Push push = Push.newBuilder().setType(type).setChannel(channel).setData(data.toByteString()).build();
        return reply(Reply.newBuilder().setResult(push.toByteString()));
    }

    private byte[] reply(Reply.Builder reply) {
        return delimited ? ProtobufReplies.delimited(reply.build()) : reply.build().toByteArray();
    }
}
