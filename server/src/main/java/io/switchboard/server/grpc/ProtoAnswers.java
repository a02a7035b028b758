package io.switchboard.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.switchboard.core.ClientError;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.StreamPosition;
import io.switchboard.server.api.internal.Answer;
import io.switchboard.server.api.internal.ApiExecutor;
import io.switchboard.server.api.internal.ApiRequest;
import io.switchboard.server.api.internal.InfoResult;
import io.switchboard.server.grpc.proto.*;
import io.switchboard.server.grpc.proto.Error;

import java.util.List;
import java.util.Map;

/** {@link Answer}s as CentrifugoApi response messages: the result, or the error, in the method's response. */
final class ProtoAnswers {
    private ProtoAnswers() {
    }

    static PublishResponse publish(Answer<StreamPosition> a) {
        return a.isOk() ? PublishResponse.newBuilder().setResult(position(a.result())).build()
                : PublishResponse.newBuilder().setError(error(a.error())).build();
    }

    static BroadcastResponse broadcast(Answer<List<Answer<StreamPosition>>> a) {
        return a.isOk() ? BroadcastResponse.newBuilder().setResult(broadcastResult(a.result())).build()
                : BroadcastResponse.newBuilder().setError(error(a.error())).build();
    }

    static SubscribeResponse subscribe(Answer<Void> a) {
        return a.isOk() ? SubscribeResponse.newBuilder().setResult(SubscribeResult.getDefaultInstance()).build()
                : SubscribeResponse.newBuilder().setError(error(a.error())).build();
    }

    static UnsubscribeResponse unsubscribe(Answer<Void> a) {
        return a.isOk() ? UnsubscribeResponse.newBuilder().setResult(UnsubscribeResult.getDefaultInstance()).build()
                : UnsubscribeResponse.newBuilder().setError(error(a.error())).build();
    }

    static DisconnectResponse disconnect(Answer<Void> a) {
        return a.isOk() ? DisconnectResponse.newBuilder().setResult(DisconnectResult.getDefaultInstance()).build()
                : DisconnectResponse.newBuilder().setError(error(a.error())).build();
    }

    static RefreshResponse refresh(Answer<Void> a) {
        return a.isOk() ? RefreshResponse.newBuilder().setResult(RefreshResult.getDefaultInstance()).build()
                : RefreshResponse.newBuilder().setError(error(a.error())).build();
    }

    static PresenceResponse presence(Answer<Map<String, io.switchboard.core.ClientInfo>> a) {
        return a.isOk() ? PresenceResponse.newBuilder().setResult(presenceResult(a.result())).build()
                : PresenceResponse.newBuilder().setError(error(a.error())).build();
    }

    static PresenceStatsResponse presenceStats(Answer<PresenceStats> a) {
        return a.isOk() ? PresenceStatsResponse.newBuilder().setResult(presenceStatsResult(a.result())).build()
                : PresenceStatsResponse.newBuilder().setError(error(a.error())).build();
    }

    static HistoryResponse history(Answer<HistoryResult> a) {
        return a.isOk() ? HistoryResponse.newBuilder().setResult(historyResult(a.result())).build()
                : HistoryResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapPublishResponse mapPublish(Answer<StreamPosition> a) {
        return a.isOk() ? MapPublishResponse.newBuilder().setResult(mapPublishResult(a.result())).build()
                : MapPublishResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapRemoveResponse mapRemove(Answer<StreamPosition> a) {
        return a.isOk() ? MapRemoveResponse.newBuilder().setResult(mapRemoveResult(a.result())).build()
                : MapRemoveResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapReadStateResponse mapReadState(Answer<ApiExecutor.MapPage> a) {
        return a.isOk() ? MapReadStateResponse.newBuilder().setResult(mapReadStateResult(a.result())).build()
                : MapReadStateResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapReadStreamResponse mapReadStream(Answer<HistoryResult> a) {
        return a.isOk() ? MapReadStreamResponse.newBuilder().setResult(mapReadStreamResult(a.result())).build()
                : MapReadStreamResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapClearResponse mapClear(Answer<Void> a) {
        return a.isOk() ? MapClearResponse.newBuilder().setResult(MapClearResult.getDefaultInstance()).build()
                : MapClearResponse.newBuilder().setError(error(a.error())).build();
    }

    static MapStatsResponse mapStats(Answer<Integer> a) {
        return a.isOk() ? MapStatsResponse.newBuilder().setResult(mapStatsResult(a.result())).build()
                : MapStatsResponse.newBuilder().setError(error(a.error())).build();
    }

    static HistoryRemoveResponse historyRemove(Answer<Void> a) {
        return a.isOk() ? HistoryRemoveResponse.newBuilder().setResult(HistoryRemoveResult.getDefaultInstance()).build()
                : HistoryRemoveResponse.newBuilder().setError(error(a.error())).build();
    }

    static ChannelsResponse channels(Answer<? extends Map<String, Integer>> a) {
        return a.isOk() ? ChannelsResponse.newBuilder().setResult(channelsResult(a.result())).build()
                : ChannelsResponse.newBuilder().setError(error(a.error())).build();
    }

    static InfoResponse info(Answer<InfoResult> a) {
        return a.isOk() ? InfoResponse.newBuilder().setResult(infoResult(a.result())).build()
                : InfoResponse.newBuilder().setError(error(a.error())).build();
    }

    static BatchResponse batch(ApiRequest.Batch batch, List<Answer<?>> answers) {
        BatchResponse.Builder b = BatchResponse.newBuilder();
        for (int i = 0; i < answers.size(); i++) b.addReplies(reply(batch.commands().get(i), answers.get(i)));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static Reply reply(ApiRequest command, Answer<?> a) {
        Reply.Builder r = Reply.newBuilder();
        if (!a.isOk()) return r.setError(error(a.error())).build();
        Object x = a.result();
        if (command instanceof ApiRequest.Publish) r.setPublish(position((StreamPosition) x));
        else if (command instanceof ApiRequest.Broadcast) r.setBroadcast(broadcastResult((List<Answer<StreamPosition>>) x));
        else if (command instanceof ApiRequest.Subscribe) r.setSubscribe(SubscribeResult.getDefaultInstance());
        else if (command instanceof ApiRequest.Unsubscribe) r.setUnsubscribe(UnsubscribeResult.getDefaultInstance());
        else if (command instanceof ApiRequest.Disconnect) r.setDisconnect(DisconnectResult.getDefaultInstance());
        else if (command instanceof ApiRequest.Refresh) r.setRefresh(RefreshResult.getDefaultInstance());
        else if (command instanceof ApiRequest.Presence) r.setPresence(presenceResult((Map<String, io.switchboard.core.ClientInfo>) x));
        else if (command instanceof ApiRequest.PresenceStats) r.setPresenceStats(presenceStatsResult((PresenceStats) x));
        else if (command instanceof ApiRequest.History) r.setHistory(historyResult((HistoryResult) x));
        else if (command instanceof ApiRequest.HistoryRemove) r.setHistoryRemove(HistoryRemoveResult.getDefaultInstance());
        else if (command instanceof ApiRequest.Channels) r.setChannels(channelsResult((Map<String, Integer>) x));
        else if (command instanceof ApiRequest.Info) r.setInfo(infoResult((InfoResult) x));
        else if (command instanceof ApiRequest.MapPublish) r.setMapPublish(mapPublishResult((StreamPosition) x));
        else if (command instanceof ApiRequest.MapRemove) r.setMapRemove(mapRemoveResult((StreamPosition) x));
        else if (command instanceof ApiRequest.MapReadState) r.setMapReadState(mapReadStateResult((ApiExecutor.MapPage) x));
        else if (command instanceof ApiRequest.MapStats) r.setMapStats(mapStatsResult((Integer) x));
        else if (command instanceof ApiRequest.MapReadStream) r.setMapReadStream(mapReadStreamResult((HistoryResult) x));
        else if (command instanceof ApiRequest.MapClear) r.setMapClear(MapClearResult.getDefaultInstance());
        return r.build();
    }

    // --- results --------------------------------------------------------------------------------------

    private static Error error(ClientError e) {
        return Error.newBuilder().setCode(e.code()).setMessage(e.message()).build();
    }

    private static MapPublishResult mapPublishResult(StreamPosition p) {
        return MapPublishResult.newBuilder().setOffset(p.offset()).setEpoch(p.epoch()).build();
    }

    private static MapRemoveResult mapRemoveResult(StreamPosition p) {
        return MapRemoveResult.newBuilder().setOffset(p.offset()).setEpoch(p.epoch()).build();
    }

    private static MapReadStateResult mapReadStateResult(ApiExecutor.MapPage page) {
        MapReadStateResult.Builder b = MapReadStateResult.newBuilder()
                .setOffset(page.state().position().offset()).setEpoch(page.state().position().epoch())
                .setCursor(page.cursor());
        for (io.switchboard.core.Publication p : page.state().entries()) b.addEntries(mapEntry(p));
        return b.build();
    }

    private static MapReadStreamResult mapReadStreamResult(HistoryResult r) {
        MapReadStreamResult.Builder b = MapReadStreamResult.newBuilder()
                .setOffset(r.position().offset()).setEpoch(r.position().epoch());
        for (io.switchboard.core.Publication p : r.publications()) b.addEntries(mapEntry(p));
        return b.build();
    }

    private static MapEntry mapEntry(io.switchboard.core.Publication p) {
        return MapEntry.newBuilder().setKey(p.key() == null ? "" : p.key()).setData(ByteString.copyFrom(p.data()))
                .putAllTags(p.tags()).setOffset(p.offset()).setRemoved(p.removed()).setTime(p.time()).build();
    }

    private static MapStatsResult mapStatsResult(int keys) {
        return MapStatsResult.newBuilder().setNumKeys(keys).build();
    }

    private static PublishResult position(StreamPosition p) {
        return PublishResult.newBuilder().setOffset(p.offset()).setEpoch(p.epoch()).build();
    }

    private static BroadcastResult broadcastResult(List<Answer<StreamPosition>> each) {
        BroadcastResult.Builder b = BroadcastResult.newBuilder();
        each.forEach(a -> b.addResponses(publish(a)));
        return b.build();
    }

    private static PresenceResult presenceResult(Map<String, io.switchboard.core.ClientInfo> members) {
        PresenceResult.Builder b = PresenceResult.newBuilder();
        members.forEach((id, info) -> b.putPresence(id, clientInfo(info)));
        return b.build();
    }

    private static PresenceStatsResult presenceStatsResult(PresenceStats s) {
        return PresenceStatsResult.newBuilder().setNumClients(s.numClients()).setNumUsers(s.numUsers()).build();
    }

    private static io.switchboard.server.grpc.proto.HistoryResult historyResult(HistoryResult h) {
        var b = io.switchboard.server.grpc.proto.HistoryResult.newBuilder()
                .setEpoch(h.position().epoch()).setOffset(h.position().offset());
        for (var p : h.publications()) {
            Publication.Builder pb = Publication.newBuilder().setData(bytes(p.data())).setOffset(p.offset())
                    .putAllTags(p.tags());
            if (p.info() != null) pb.setInfo(clientInfo(p.info()));
            b.addPublications(pb);
        }
        return b.build();
    }

    private static ChannelsResult channelsResult(Map<String, Integer> channels) {
        ChannelsResult.Builder b = ChannelsResult.newBuilder();
        channels.forEach((ch, n) -> b.putChannels(ch, ChannelInfo.newBuilder().setNumClients(n).build()));
        return b.build();
    }

    private static io.switchboard.server.grpc.proto.InfoResult infoResult(InfoResult r) {
        var b = io.switchboard.server.grpc.proto.InfoResult.newBuilder();
        for (NodeInfo i : r.nodes()) {
            b.addNodes(NodeResult.newBuilder().setUid(i.uid()).setName(i.name()).setVersion(i.version())
                    .setNumClients(i.numClients()).setNumUsers(i.numUsers()).setNumChannels(i.numChannels())
                    .setUptime((int) i.uptimeSeconds()).setNumSubs((int) i.numSubs()));
        }
        return b.build();
    }

    private static ClientInfo clientInfo(io.switchboard.core.ClientInfo info) {
        return ClientInfo.newBuilder().setUser(info.user()).setClient(info.client())
                .setConnInfo(bytes(info.connInfo())).setChanInfo(bytes(info.chanInfo())).build();
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(b);
    }
}
