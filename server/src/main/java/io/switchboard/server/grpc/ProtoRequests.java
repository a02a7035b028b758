package io.switchboard.server.grpc;

import com.google.protobuf.ByteString;
import io.switchboard.server.api.internal.ApiRequest;
import io.switchboard.server.grpc.proto.*;

import java.util.ArrayList;
import java.util.List;

/** CentrifugoApi request messages as {@link ApiRequest}s; translation only, no validation. */
final class ProtoRequests {
    private ProtoRequests() {
    }

    static ApiRequest.Publish publish(PublishRequest r) {
        return new ApiRequest.Publish(r.getChannel(), bytes(r.getData()), r.getB64Data(), r.getTagsMap(),
                r.getSkipHistory(), r.getDelta());
    }

    static ApiRequest.Broadcast broadcast(BroadcastRequest r) {
        return new ApiRequest.Broadcast(r.getChannelsList(), bytes(r.getData()), r.getB64Data(), r.getTagsMap(),
                r.getSkipHistory(), r.getDelta());
    }

    static ApiRequest.Subscribe subscribe(SubscribeRequest r) {
        return new ApiRequest.Subscribe(r.getUser(), r.getChannel(), r.getClient(), bytes(r.getInfo()), r.getB64Info(),
                bytes(r.getData()), r.getB64Data());
    }

    static ApiRequest.Unsubscribe unsubscribe(UnsubscribeRequest r) {
        return new ApiRequest.Unsubscribe(r.getUser(), r.getChannel(), r.getClient());
    }

    static ApiRequest.Disconnect disconnect(DisconnectRequest r) {
        return new ApiRequest.Disconnect(r.getUser(), r.getClient(), r.getWhitelistList(),
                Integer.toUnsignedLong(r.getDisconnect().getCode()), r.getDisconnect().getReason());
    }

    static ApiRequest.Refresh refresh(RefreshRequest r) {
        return new ApiRequest.Refresh(r.getUser(), r.getClient(), r.getExpired(), r.getExpireAt());
    }

    static ApiRequest.Presence presence(PresenceRequest r) {
        return new ApiRequest.Presence(r.getChannel());
    }

    static ApiRequest.PresenceStats presenceStats(PresenceStatsRequest r) {
        return new ApiRequest.PresenceStats(r.getChannel());
    }

    static ApiRequest.History history(HistoryRequest r) {
        ApiRequest.Since since = r.hasSince() ? new ApiRequest.Since(r.getSince().getOffset(), r.getSince().getEpoch()) : null;
        return new ApiRequest.History(r.getChannel(), r.getLimit(), since, r.getReverse());
    }

    static ApiRequest.HistoryRemove historyRemove(HistoryRemoveRequest r) {
        return new ApiRequest.HistoryRemove(r.getChannel());
    }

    static ApiRequest.MapPublish mapPublish(MapPublishRequest r) {
        return new ApiRequest.MapPublish(r.getChannel(), r.getKey(), bytes(r.getData()), r.getB64Data(), r.getTagsMap());
    }

    static ApiRequest.MapRemove mapRemove(MapRemoveRequest r) {
        return new ApiRequest.MapRemove(r.getChannel(), r.getKey());
    }

    static ApiRequest.MapReadState mapReadState(MapReadStateRequest r) {
        return new ApiRequest.MapReadState(r.getChannel(), r.getCursor(), r.getLimit(), r.getKey());
    }

    static ApiRequest.MapReadStream mapReadStream(MapReadStreamRequest r) {
        return new ApiRequest.MapReadStream(r.getChannel(), r.getSinceOffset(), r.getLimit(), r.getReverse());
    }

    static ApiRequest.MapClear mapClear(MapClearRequest r) {
        return new ApiRequest.MapClear(r.getChannel());
    }

    static ApiRequest.MapStats mapStats(MapStatsRequest r) {
        return new ApiRequest.MapStats(r.getChannel());
    }

    static ApiRequest.Channels channels(ChannelsRequest r) {
        return new ApiRequest.Channels(r.getPattern());
    }

    static ApiRequest.Batch batch(BatchRequest r) {
        List<ApiRequest> commands = new ArrayList<>();
        for (Command c : r.getCommandsList()) commands.add(command(c));
        return new ApiRequest.Batch(commands, r.getParallel());
    }

    /** The command's method, in Centrifugo's order of precedence when several are set. */
    private static ApiRequest command(Command c) {
        if (c.hasPublish()) return publish(c.getPublish());
        if (c.hasBroadcast()) return broadcast(c.getBroadcast());
        if (c.hasSubscribe()) return subscribe(c.getSubscribe());
        if (c.hasUnsubscribe()) return unsubscribe(c.getUnsubscribe());
        if (c.hasDisconnect()) return disconnect(c.getDisconnect());
        if (c.hasHistory()) return history(c.getHistory());
        if (c.hasHistoryRemove()) return historyRemove(c.getHistoryRemove());
        if (c.hasPresence()) return presence(c.getPresence());
        if (c.hasPresenceStats()) return presenceStats(c.getPresenceStats());
        if (c.hasInfo()) return new ApiRequest.Info();
        if (c.hasRefresh()) return refresh(c.getRefresh());
        if (c.hasChannels()) return channels(c.getChannels());
        if (c.hasMapPublish()) return mapPublish(c.getMapPublish());
        if (c.hasMapRemove()) return mapRemove(c.getMapRemove());
        if (c.hasMapReadState()) return mapReadState(c.getMapReadState());
        if (c.hasMapReadStream()) return mapReadStream(c.getMapReadStream());
        if (c.hasMapStats()) return mapStats(c.getMapStats());
        if (c.hasMapClear()) return mapClear(c.getMapClear());
        return new ApiRequest.NoMethod();
    }

    private static byte[] bytes(ByteString b) {
        return b.isEmpty() ? null : b.toByteArray();
    }
}
