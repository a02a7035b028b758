package io.switchboard.server.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.core.Node;
import io.switchboard.server.api.internal.ApiExecutor;
import io.switchboard.server.grpc.proto.*;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Centrifugo's {@code CentrifugoApi} over {@link ApiExecutor}: each RPC translates its request, runs it, and
 * answers the result or the client error inside the response message (never as a gRPC status), as Centrifugo.
 */
final class GrpcApiService extends CentrifugoApiGrpc.CentrifugoApiImplBase {
    private final ApiExecutor executor;

    GrpcApiService(Node node, int historyMaxLimit) {
        this.executor = new ApiExecutor(node, historyMaxLimit);
    }

    @Override
    public void batch(BatchRequest r, StreamObserver<BatchResponse> o) {
        var batch = ProtoRequests.batch(r);
        send(executor.batch(batch), answers -> ProtoAnswers.batch(batch, answers), o);
    }

    @Override
    public void publish(PublishRequest r, StreamObserver<PublishResponse> o) {
        send(executor.publish(ProtoRequests.publish(r)), ProtoAnswers::publish, o);
    }

    @Override
    public void broadcast(BroadcastRequest r, StreamObserver<BroadcastResponse> o) {
        send(executor.broadcast(ProtoRequests.broadcast(r)), ProtoAnswers::broadcast, o);
    }

    @Override
    public void subscribe(SubscribeRequest r, StreamObserver<SubscribeResponse> o) {
        send(executor.subscribe(ProtoRequests.subscribe(r)), ProtoAnswers::subscribe, o);
    }

    @Override
    public void unsubscribe(UnsubscribeRequest r, StreamObserver<UnsubscribeResponse> o) {
        send(executor.unsubscribe(ProtoRequests.unsubscribe(r)), ProtoAnswers::unsubscribe, o);
    }

    @Override
    public void disconnect(DisconnectRequest r, StreamObserver<DisconnectResponse> o) {
        send(executor.disconnect(ProtoRequests.disconnect(r)), ProtoAnswers::disconnect, o);
    }

    @Override
    public void presence(PresenceRequest r, StreamObserver<PresenceResponse> o) {
        send(executor.presence(ProtoRequests.presence(r)), ProtoAnswers::presence, o);
    }

    @Override
    public void presenceStats(PresenceStatsRequest r, StreamObserver<PresenceStatsResponse> o) {
        send(executor.presenceStats(ProtoRequests.presenceStats(r)), ProtoAnswers::presenceStats, o);
    }

    @Override
    public void history(HistoryRequest r, StreamObserver<HistoryResponse> o) {
        send(executor.history(ProtoRequests.history(r)), ProtoAnswers::history, o);
    }

    @Override
    public void historyRemove(HistoryRemoveRequest r, StreamObserver<HistoryRemoveResponse> o) {
        send(executor.historyRemove(ProtoRequests.historyRemove(r)), ProtoAnswers::historyRemove, o);
    }

    @Override
    public void info(InfoRequest r, StreamObserver<InfoResponse> o) {
        send(executor.info(), ProtoAnswers::info, o);
    }

    @Override
    public void refresh(RefreshRequest r, StreamObserver<RefreshResponse> o) {
        send(executor.refresh(ProtoRequests.refresh(r)), ProtoAnswers::refresh, o);
    }

    @Override
    public void channels(ChannelsRequest r, StreamObserver<ChannelsResponse> o) {
        send(executor.channels(ProtoRequests.channels(r)), ProtoAnswers::channels, o);
    }

    @Override
    public void mapPublish(MapPublishRequest r, StreamObserver<MapPublishResponse> o) {
        send(executor.mapPublish(ProtoRequests.mapPublish(r)), ProtoAnswers::mapPublish, o);
    }

    @Override
    public void mapRemove(MapRemoveRequest r, StreamObserver<MapRemoveResponse> o) {
        send(executor.mapRemove(ProtoRequests.mapRemove(r)), ProtoAnswers::mapRemove, o);
    }

    @Override
    public void mapReadState(MapReadStateRequest r, StreamObserver<MapReadStateResponse> o) {
        send(executor.mapReadState(ProtoRequests.mapReadState(r)), ProtoAnswers::mapReadState, o);
    }

    @Override
    public void mapReadStream(MapReadStreamRequest r, StreamObserver<MapReadStreamResponse> o) {
        send(executor.mapReadStream(ProtoRequests.mapReadStream(r)), ProtoAnswers::mapReadStream, o);
    }

    @Override
    public void mapClear(MapClearRequest r, StreamObserver<MapClearResponse> o) {
        send(executor.mapClear(ProtoRequests.mapClear(r)), ProtoAnswers::mapClear, o);
    }

    @Override
    public void mapStats(MapStatsRequest r, StreamObserver<MapStatsResponse> o) {
        send(executor.mapStats(ProtoRequests.mapStats(r)), ProtoAnswers::mapStats, o);
    }

    /** The executor answers every failure itself; only a bug in encoding would end as a gRPC status. */
    private static <A, P> void send(CompletableFuture<A> answer, Function<A, P> encode, StreamObserver<P> observer) {
        answer.thenApply(encode).whenComplete((response, t) -> {
            if (t != null) {
                observer.onError(Status.INTERNAL.withCause(t).asRuntimeException());
                return;
            }
            observer.onNext(response);
            observer.onCompleted();
        });
    }
}
