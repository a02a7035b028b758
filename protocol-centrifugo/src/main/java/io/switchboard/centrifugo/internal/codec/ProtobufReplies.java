package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.switchboard.centrifugo.proto.ConnectResult;
import io.switchboard.centrifugo.proto.HistoryResult;
import io.switchboard.centrifugo.proto.Join;
import io.switchboard.centrifugo.proto.Leave;
import io.switchboard.centrifugo.proto.PingResult;
import io.switchboard.centrifugo.proto.PresenceResult;
import io.switchboard.centrifugo.proto.PresenceStatsResult;
import io.switchboard.centrifugo.proto.PublishResult;
import io.switchboard.centrifugo.proto.Push;
import io.switchboard.centrifugo.proto.RPCResult;
import io.switchboard.centrifugo.proto.RefreshResult;
import io.switchboard.centrifugo.proto.Reply;
import io.switchboard.centrifugo.proto.SubRefreshResult;
import io.switchboard.centrifugo.proto.SubscribeResult;
import io.switchboard.centrifugo.proto.UnsubscribeResult;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes replies and pushes as Protobuf, each one varint-length-delimited {@code Reply}, so a frame is their
 * concatenation. Carries the same fields as {@link JsonReplies}; payloads go into bytes fields untouched.
 * Ids and durations are uint32 on the wire and are truncated to it.
 */
public final class ProtobufReplies {
    private static final byte[] PING = {0};

    private ProtobufReplies() {
    }

    /** The empty Reply; clients answer it with an empty Command. */
    public static byte[] ping() {
        return PING.clone();
    }

    public static byte[] error(long id, ClientError error) {
        return reply(Reply.newBuilder().setId((int) id).setError(io.switchboard.centrifugo.proto.Error.newBuilder()
                .setCode(error.code()).setMessage(nz(error.message())).setTemporary(error.temporary())));
    }

    /** The reply of a command whose result has no fields; {@code send} has no reply at all. */
    public static byte[] empty(long id, Method method) {
        Reply.Builder r = Reply.newBuilder().setId((int) id);
        switch (method) {
            case CONNECT -> r.setConnect(ConnectResult.getDefaultInstance());
            case SUBSCRIBE -> r.setSubscribe(SubscribeResult.getDefaultInstance());
            case UNSUBSCRIBE -> r.setUnsubscribe(UnsubscribeResult.getDefaultInstance());
            case PUBLISH -> r.setPublish(PublishResult.getDefaultInstance());
            case PRESENCE -> r.setPresence(PresenceResult.getDefaultInstance());
            case PRESENCE_STATS -> r.setPresenceStats(PresenceStatsResult.getDefaultInstance());
            case HISTORY -> r.setHistory(HistoryResult.getDefaultInstance());
            case PING -> r.setPing(PingResult.getDefaultInstance());
            case RPC -> r.setRpc(RPCResult.getDefaultInstance());
            case REFRESH -> r.setRefresh(RefreshResult.getDefaultInstance());
            case SUB_REFRESH -> r.setSubRefresh(SubRefreshResult.getDefaultInstance());
            case SEND -> throw new IllegalArgumentException("send has no reply");
        }
        return reply(r);
    }

    public static byte[] connect(long id, Results.Connect r) {
        ConnectResult.Builder b = ConnectResult.newBuilder().setClient(nz(r.client())).setVersion(nz(r.version()))
                .setExpires(r.expires()).setTtl((int) r.ttl()).setData(bytes(r.data()))
                .setPing((int) r.ping()).setPong(r.pong()).setSession(nz(r.session())).setNode(nz(r.node()));
        if (r.subs() != null) r.subs().forEach((channel, s) -> b.putSubs(channel, subscribeResult(s)));
        return reply(Reply.newBuilder().setId((int) id).setConnect(b));
    }

    public static byte[] subscribe(long id, Results.Subscribe r) {
        return reply(Reply.newBuilder().setId((int) id).setSubscribe(subscribeResult(r)));
    }

    public static byte[] presence(long id, Map<String, ClientInfo> members) {
        PresenceResult.Builder b = PresenceResult.newBuilder();
        members.forEach((client, info) -> b.putPresence(client, clientInfo(info)));
        return reply(Reply.newBuilder().setId((int) id).setPresence(b));
    }

    public static byte[] presenceStats(long id, PresenceStats stats) {
        return reply(Reply.newBuilder().setId((int) id).setPresenceStats(PresenceStatsResult.newBuilder()
                .setNumClients(stats.numClients()).setNumUsers(stats.numUsers())));
    }

    public static byte[] history(long id, Results.History r) {
        HistoryResult.Builder b = HistoryResult.newBuilder().setEpoch(nz(r.epoch())).setOffset(r.offset());
        if (r.publications() != null) for (Publication p : r.publications()) b.addPublications(publication(p));
        return reply(Reply.newBuilder().setId((int) id).setHistory(b));
    }

    public static byte[] rpc(long id, byte[] data) {
        return reply(Reply.newBuilder().setId((int) id).setRpc(RPCResult.newBuilder().setData(bytes(data))));
    }

    public static byte[] refresh(long id, Results.Refresh r) {
        return reply(Reply.newBuilder().setId((int) id).setRefresh(RefreshResult.newBuilder()
                .setClient(nz(r.client())).setVersion(nz(r.version())).setExpires(r.expires()).setTtl((int) r.ttl())));
    }

    public static byte[] subRefresh(long id, Results.SubRefresh r) {
        return reply(Reply.newBuilder().setId((int) id).setSubRefresh(SubRefreshResult.newBuilder()
                .setExpires(r.expires()).setTtl((int) r.ttl())));
    }

    public static byte[] tracked(long id, Results.Tracked r) {
        SubRefreshResult.Builder b = SubRefreshResult.newBuilder().setExpires(r.expires()).setTtl((int) r.ttl());
        for (Results.PollItem i : r.items()) b.addItems(pollItem(i));
        return reply(Reply.newBuilder().setId((int) id).setSubRefresh(b));
    }

    public static byte[] pollPush(String channel, Results.PollItem item) {
        return push(Push.newBuilder().setChannel(channel).setPub(pollItem(item)));
    }

    private static io.switchboard.centrifugo.proto.Publication pollItem(Results.PollItem i) {
        return io.switchboard.centrifugo.proto.Publication.newBuilder().setKey(i.key()).setRemoved(i.removed())
                .setVersion(i.version()).setData(bytes(i.data() == null ? new byte[0] : i.data())).build();
    }

    // --- pushes ---------------------------------------------------------------------------------------

    /** The fan-out path: see {@link ProtobufPublicationWriter}, which writes it without building messages. */
    public static byte[] publicationPush(String channel, Publication pub) {
        return ProtobufPublicationWriter.push(channel, pub, pub.data(), false);
    }

    /**
     * A publication of a delta-negotiated subscription: {@code payload} is the full data or, when
     * {@code isDelta}, the Fossil patch against the previous one. Binary as it is, unlike JSON's string form.
     */
    public static byte[] deltaPublicationPush(String channel, Publication pub, byte[] payload, boolean isDelta) {
        return ProtobufPublicationWriter.push(channel, pub, payload, isDelta);
    }

    public static byte[] joinPush(String channel, ClientInfo info) {
        return push(Push.newBuilder().setChannel(channel).setJoin(Join.newBuilder().setInfo(clientInfo(info))));
    }

    public static byte[] leavePush(String channel, ClientInfo info) {
        return push(Push.newBuilder().setChannel(channel).setLeave(Leave.newBuilder().setInfo(clientInfo(info))));
    }

    public static byte[] unsubscribePush(String channel, Unsubscribe u) {
        return push(Push.newBuilder().setChannel(channel).setUnsubscribe(io.switchboard.centrifugo.proto.Unsubscribe
                .newBuilder().setCode(u.code()).setReason(nz(u.reason()))));
    }

    public static byte[] mapSubscribe(long id, Results.MapSubscribe r) {
        SubscribeResult.Builder b = subscribeResult(r.base()).toBuilder().setType(r.type())
                .setPhase(r.phase()).setCursor(nz(r.cursor()));
        if (r.state() != null) for (Publication p : r.state()) b.addState(publication(p));
        return reply(Reply.newBuilder().setId((int) id).setSubscribe(b));
    }

    public static byte[] subscribePush(String channel, Results.Subscribe r) {
        return push(Push.newBuilder().setChannel(channel).setSubscribe(io.switchboard.centrifugo.proto.Subscribe
                .newBuilder().setRecoverable(r.recoverable()).setEpoch(nz(r.epoch())).setOffset(r.offset())
                .setPositioned(r.positioned()).setData(bytes(r.data()))));
    }

    public static byte[] disconnectPush(Disconnect d) {
        return push(Push.newBuilder().setDisconnect(io.switchboard.centrifugo.proto.Disconnect.newBuilder()
                .setCode(d.code()).setReason(d.reason()).setReconnect(d.reconnect())));
    }

    /** {@code Reply{push{connect}}}: the connect result as a push, for transports that deliver it unasked. */
    public static byte[] connectPush(Results.Connect r) {
        io.switchboard.centrifugo.proto.Connect.Builder b = io.switchboard.centrifugo.proto.Connect.newBuilder()
                .setClient(nz(r.client())).setVersion(nz(r.version())).setExpires(r.expires()).setTtl((int) r.ttl())
                .setData(bytes(r.data())).setPing((int) r.ping()).setPong(r.pong()).setSession(nz(r.session()))
                .setNode(nz(r.node()));
        if (r.subs() != null) r.subs().forEach((channel, s) -> b.putSubs(channel, subscribeResult(s)));
        return push(Push.newBuilder().setConnect(b));
    }

    public static byte[] refreshPush(boolean expires, long ttl) {
        return push(Push.newBuilder().setRefresh(io.switchboard.centrifugo.proto.Refresh.newBuilder()
                .setExpires(expires).setTtl((int) ttl)));
    }

    // --- messages -------------------------------------------------------------------------------------

    static SubscribeResult subscribeResult(Results.Subscribe r) {
        SubscribeResult.Builder b = SubscribeResult.newBuilder().setExpires(r.expires()).setTtl((int) r.ttl())
                .setRecoverable(r.recoverable()).setEpoch(nz(r.epoch())).setRecovered(r.recovered())
                .setOffset(r.offset()).setPositioned(r.positioned()).setData(bytes(r.data()))
                .setWasRecovering(r.wasRecovering()).setDelta(r.delta())
                .setPublishDebounce((int) Math.min(r.publishDebounce(), 0xFFFF_FFFFL));
        List<Publication> pubs = r.publications();
        if (pubs != null) for (Publication p : pubs) b.addPublications(publication(p));
        return b.build();
    }

    /**
     * Same fields as {@link JsonReplies#publication}: time is not sent. Recovered publications of a delta
     * subscription need no special form here: their data is the full payload and {@code delta} stays false.
     */
    static io.switchboard.centrifugo.proto.Publication publication(Publication p) {
        io.switchboard.centrifugo.proto.Publication.Builder b = io.switchboard.centrifugo.proto.Publication.newBuilder()
                .setData(bytes(p.data())).setOffset(p.offset()).putAllTags(p.tags());
        if (p.info() != null) b.setInfo(clientInfo(p.info()));
        if (p.key() != null) b.setKey(p.key()).setRemoved(p.removed());
        return b.build();
    }

    static io.switchboard.centrifugo.proto.ClientInfo clientInfo(ClientInfo info) {
        return io.switchboard.centrifugo.proto.ClientInfo.newBuilder().setUser(info.user()).setClient(info.client())
                .setConnInfo(bytes(info.connInfo())).setChanInfo(bytes(info.chanInfo())).build();
    }

    private static byte[] push(Push.Builder push) {
        return reply(Reply.newBuilder().setPush(push));
    }

    private static byte[] reply(Reply.Builder reply) {
        return delimited(reply.build());
    }

    static byte[] delimited(MessageLite m) {
        int size = m.getSerializedSize();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeUInt32NoTag(size);
            m.writeTo(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the array has exactly the room needed
        }
        o.checkNoSpaceLeft();
        return out;
    }

    /** Wraps without copying: the message is serialised before the caller gets control back. */
    static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(b);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
