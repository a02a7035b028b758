package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.Command;
import io.switchboard.centrifugo.internal.codec.DecodeException;
import io.switchboard.centrifugo.internal.codec.Method;
import io.switchboard.centrifugo.internal.codec.ProtocolVersion;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A codec that tells its connection each reply it encodes, by command id: every reply is encoded here and sent at
 * once, so {@link CommandSlots} learns when a command is answered wherever the answer is written.
 */
final class RepliesSeen implements ClientCodec {
    final ClientCodec codec;
    private final LongConsumer replied;

    RepliesSeen(ClientCodec codec, LongConsumer replied) {
        this.codec = codec;
        this.replied = replied;
    }

    private byte[] reply(long id, byte[] message) {
        replied.accept(id);
        return message;
    }

    @Override public ProtocolVersion version() { return codec.version(); }
    @Override public String closeReason(Disconnect disconnect) { return codec.closeReason(disconnect); }
    @Override public boolean binary() { return codec.binary(); }
    @Override public int cacheSlot() { return codec.cacheSlot(); }
    @Override public int frameSlot() { return codec.frameSlot(); }
    @Override public boolean carries(byte[] data) { return codec.carries(data); }
    @Override public List<Command> decode(byte[] frame) throws DecodeException { return codec.decode(frame); }
    @Override public byte[] ping() { return codec.ping(); }
    @Override public byte[] error(long id, ClientError error) { return reply(id, codec.error(id, error)); }
    @Override public byte[] empty(long id, Method method) { return reply(id, codec.empty(id, method)); }
    @Override public byte[] connect(long id, Results.Connect result) { return reply(id, codec.connect(id, result)); }
    @Override public byte[] subscribe(long id, Results.Subscribe result) { return reply(id, codec.subscribe(id, result)); }
    @Override public byte[] mapSubscribe(long id, Results.MapSubscribe result) { return reply(id, codec.mapSubscribe(id, result)); }
    @Override public byte[] presence(long id, Map<String, ClientInfo> members) { return reply(id, codec.presence(id, members)); }
    @Override public byte[] presenceStats(long id, PresenceStats stats) { return reply(id, codec.presenceStats(id, stats)); }
    @Override public byte[] history(long id, Results.History result) { return reply(id, codec.history(id, result)); }
    @Override public byte[] rpc(long id, byte[] data) { return reply(id, codec.rpc(id, data)); }
    @Override public byte[] refresh(long id, Results.Refresh result) { return reply(id, codec.refresh(id, result)); }
    @Override public byte[] subRefresh(long id, Results.SubRefresh result) { return reply(id, codec.subRefresh(id, result)); }
    @Override public byte[] tracked(long id, Results.Tracked result) { return reply(id, codec.tracked(id, result)); }
    @Override public byte[] pollPush(String channel, Results.PollItem item) { return codec.pollPush(channel, item); }
    @Override public byte[] publicationPush(String channel, Publication publication) { return codec.publicationPush(channel, publication); }
    @Override public int deltaFullSlot() { return codec.deltaFullSlot(); }
    @Override public int deltaPatchSlot() { return codec.deltaPatchSlot(); }
    @Override public byte[] deltaPublicationPush(String channel, Publication publication, byte[] payload, boolean isDelta) {
        return codec.deltaPublicationPush(channel, publication, payload, isDelta);
    }
    @Override public byte[] joinPush(String channel, ClientInfo info) { return codec.joinPush(channel, info); }
    @Override public byte[] leavePush(String channel, ClientInfo info) { return codec.leavePush(channel, info); }
    @Override public byte[] unsubscribePush(String channel, Unsubscribe unsubscribe) { return codec.unsubscribePush(channel, unsubscribe); }
    @Override public byte[] subscribePush(String channel, Results.Subscribe result) { return codec.subscribePush(channel, result); }
    @Override public byte[] disconnectPush(Disconnect disconnect) { return codec.disconnectPush(disconnect); }
    @Override public byte[] connectPush(Results.Connect result) { return codec.connectPush(result); }
    @Override public byte[] refreshPush(boolean expires, long ttl) { return codec.refreshPush(expires, ttl); }
}
