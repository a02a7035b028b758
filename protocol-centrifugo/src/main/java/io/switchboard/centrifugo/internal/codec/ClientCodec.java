package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.List;
import java.util.Map;

/**
 * One wire encoding of the client protocol (JSON or Protobuf; bidirectional Replies or unidirectional bare
 * Pushes). Each encode method returns exactly one message; the transport joins messages into frames.
 */
public interface ClientCodec {
    /** The client protocol generation this codec speaks; what differs in behaviour keys on it. */
    default ProtocolVersion version() {
        return ProtocolVersion.V2;
    }

    /** The reason a close frame carries for this disconnect: v2 sends the reason, v1 a JSON advice. */
    default String closeReason(Disconnect disconnect) {
        return disconnect.reason();
    }

    /** Whether messages are binary (WebSocket binary frames, octet-stream bodies). */
    boolean binary();

    /** The {@link io.switchboard.core.PreparedPublication} cache slot of this codec's publication pushes. */
    int cacheSlot();

    /** The cache slot of those pushes as WebSocket frames shared by every subscriber. */
    int frameSlot();

    /** Whether a publication's data can travel in this encoding (JSON needs JSON data). */
    boolean carries(byte[] data);

    List<Command> decode(byte[] frame) throws DecodeException;

    byte[] ping();

    byte[] error(long id, ClientError error);

    byte[] empty(long id, Method method);

    byte[] connect(long id, Results.Connect result);

    byte[] subscribe(long id, Results.Subscribe result);

    byte[] mapSubscribe(long id, Results.MapSubscribe result);

    byte[] presence(long id, Map<String, ClientInfo> members);

    byte[] presenceStats(long id, PresenceStats stats);

    byte[] history(long id, Results.History result);

    byte[] rpc(long id, byte[] data);

    byte[] refresh(long id, Results.Refresh result);

    byte[] subRefresh(long id, Results.SubRefresh result);

    /** A shared poll track's answer; client protocol v1 has no shared poll. */
    default byte[] tracked(long id, Results.Tracked result) {
        throw new UnsupportedOperationException("no shared poll in this protocol");
    }

    /** A shared poll item's update or removal pushed on {@code channel}. */
    default byte[] pollPush(String channel, Results.PollItem item) {
        throw new UnsupportedOperationException("no shared poll in this protocol");
    }

    byte[] publicationPush(String channel, Publication publication);

    /** Cache slots of the full and the patch form of publications for delta-negotiated subscriptions. */
    int deltaFullSlot();

    int deltaPatchSlot();

    /** A publication for a delta subscription: {@code payload} is the full data or, when {@code isDelta}, the patch. */
    byte[] deltaPublicationPush(String channel, Publication publication, byte[] payload, boolean isDelta);

    byte[] joinPush(String channel, ClientInfo info);

    byte[] leavePush(String channel, ClientInfo info);

    byte[] unsubscribePush(String channel, Unsubscribe unsubscribe);

    byte[] subscribePush(String channel, Results.Subscribe result);

    byte[] disconnectPush(Disconnect disconnect);

    /** The first message of a unidirectional connection. */
    byte[] connectPush(Results.Connect result);

    /** A unidirectional connection's new expiry after a server-side refresh. */
    byte[] refreshPush(boolean expires, long ttl);
}
