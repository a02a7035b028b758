package io.switchboard.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import io.switchboard.core.ClientError;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.Node;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.StreamPosition;
import io.switchboard.server.grpc.proto.*;
import io.switchboard.server.grpc.proto.Error;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Each CentrifugoApi method as a future of its result; failures carry a {@link ClientError} that goes into the
 * response's {@code error} field (HTTP-200-like semantics, as Centrifugo's gRPC API answers).
 */
final class GrpcApiService extends CentrifugoApiGrpc.CentrifugoApiImplBase {
    private final Node node;
    private final int historyMaxLimit;

    GrpcApiService(Node node, int historyMaxLimit) {
        this.node = node;
        this.historyMaxLimit = historyMaxLimit;
    }

    // --- the methods --------------------------------------------------------------------------------------

    CompletableFuture<PublishResult> publish(PublishRequest r) {
        byte[] data = payload(r.getData(), r.getB64Data(), true);
        return node.publish(channel(r.getChannel()), data, new PublishOptions(null, r.getTagsMap(), r.getSkipHistory(),
                r.getDelta())).thenApply(GrpcApiService::position);
    }

    CompletableFuture<BroadcastResult> broadcast(BroadcastRequest r) {
        if (r.getChannelsCount() == 0) throw bad();
        byte[] data = payload(r.getData(), r.getB64Data(), true);
        PublishOptions options = new PublishOptions(null, r.getTagsMap(), r.getSkipHistory(), r.getDelta());
        List<CompletableFuture<PublishResponse>> each = new ArrayList<>();
        for (String ch : r.getChannelsList()) {
            CompletableFuture<PublishResult> f = ch.isEmpty() ? failed(ClientError.BAD_REQUEST)
                    : node.publish(ch, data, options).thenApply(GrpcApiService::position);
            each.add(f.handle((ok, t) -> t == null ? PublishResponse.newBuilder().setResult(ok).build()
                    : PublishResponse.newBuilder().setError(error(t)).build()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            BroadcastResult.Builder b = BroadcastResult.newBuilder();
            each.forEach(f -> b.addResponses(f.join()));
            return b.build();
        });
    }

    CompletableFuture<SubscribeResult> subscribe(SubscribeRequest r) {
        String channel = channel(r.getChannel());
        if (node.optionsFor(channel).isEmpty()) throw new CoreException(ClientError.UNKNOWN_CHANNEL);
        node.subscribeUser(r.getUser(), r.getClient(), channel, new ServerSubscription(
                payload(r.getInfo(), r.getB64Info(), false), payload(r.getData(), r.getB64Data(), false)));
        return done(SubscribeResult.getDefaultInstance());
    }

    CompletableFuture<UnsubscribeResult> unsubscribe(UnsubscribeRequest r) {
        node.unsubscribeUser(r.getUser(), r.getClient(), channel(r.getChannel()));
        return done(UnsubscribeResult.getDefaultInstance());
    }

    CompletableFuture<DisconnectResult> disconnect(DisconnectRequest r) {
        Disconnect d = Disconnect.FORCE_NO_RECONNECT;
        if (r.hasDisconnect() && r.getDisconnect().getCode() != 0) {
            int code = r.getDisconnect().getCode();
            if (code < 3000 || code > 4999) throw bad();
            d = new Disconnect(code, r.getDisconnect().getReason());
        }
        node.disconnectUser(r.getUser(), r.getClient(), r.getWhitelistList(), d);
        return done(DisconnectResult.getDefaultInstance());
    }

    CompletableFuture<PresenceResult> presence(PresenceRequest r) {
        return node.presence(channel(r.getChannel())).thenApply(members -> {
            PresenceResult.Builder b = PresenceResult.newBuilder();
            members.forEach((id, info) -> b.putPresence(id, clientInfo(info)));
            return b.build();
        });
    }

    CompletableFuture<PresenceStatsResult> presenceStats(PresenceStatsRequest r) {
        return node.presenceStats(channel(r.getChannel())).thenApply(s -> PresenceStatsResult.newBuilder()
                .setNumClients(s.numClients()).setNumUsers(s.numUsers()).build());
    }

    CompletableFuture<HistoryResult> history(HistoryRequest r) {
        int limit = r.getLimit() < 0 || r.getLimit() > historyMaxLimit ? historyMaxLimit : r.getLimit();
        StreamPosition since = r.hasSince() ? new StreamPosition(r.getSince().getOffset(), r.getSince().getEpoch()) : null;
        return node.history(channel(r.getChannel()), new HistoryFilter(since, limit, r.getReverse())).thenApply(h -> {
            HistoryResult.Builder b = HistoryResult.newBuilder().setEpoch(h.position().epoch()).setOffset(h.position().offset());
            for (var p : h.publications()) {
                Publication.Builder pb = Publication.newBuilder().setData(bytes(p.data())).setOffset(p.offset())
                        .putAllTags(p.tags());
                if (p.info() != null) pb.setInfo(clientInfo(p.info()));
                b.addPublications(pb);
            }
            return b.build();
        });
    }

    CompletableFuture<HistoryRemoveResult> historyRemove(HistoryRemoveRequest r) {
        return node.removeHistory(channel(r.getChannel())).thenApply(v -> HistoryRemoveResult.getDefaultInstance());
    }

    CompletableFuture<InfoResult> info() {
        NodeInfo i = node.info();
        long subs = node.hub().channels().values().stream().mapToLong(Integer::longValue).sum();
        return done(InfoResult.newBuilder().addNodes(NodeResult.newBuilder().setUid(i.uid()).setName(i.name())
                .setVersion(i.version()).setNumClients(i.numClients()).setNumUsers(i.numUsers())
                .setNumChannels(i.numChannels()).setUptime((int) i.uptimeSeconds()).setNumSubs((int) subs)).build());
    }

    CompletableFuture<RefreshResult> refresh(RefreshRequest r) {
        node.refreshUser(r.getUser(), r.getClient(), r.getExpired(), r.getExpireAt());
        return done(RefreshResult.getDefaultInstance());
    }

    CompletableFuture<ChannelsResult> channels(ChannelsRequest r) {
        Pattern glob = r.getPattern().isEmpty() ? null : glob(r.getPattern());
        ChannelsResult.Builder b = ChannelsResult.newBuilder();
        node.hub().channels().forEach((ch, n) -> {
            if (glob == null || glob.matcher(ch).matches()) b.putChannels(ch, ChannelInfo.newBuilder().setNumClients(n).build());
        });
        return done(b.build());
    }

    CompletableFuture<BatchResponse> batch(BatchRequest r) {
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (Command c : r.getCommandsList()) replies.add(command(c));
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(v -> {
            BatchResponse.Builder b = BatchResponse.newBuilder();
            replies.forEach(f -> b.addReplies(f.join()));
            return b.build();
        });
    }

    private CompletableFuture<Reply> command(Command c) {
        Reply.Builder reply = Reply.newBuilder();
        CompletableFuture<Reply> out;
        if (c.hasPublish()) out = call(() -> publish(c.getPublish())).thenApply(x -> reply.setPublish(x).build());
        else if (c.hasBroadcast()) out = call(() -> broadcast(c.getBroadcast())).thenApply(x -> reply.setBroadcast(x).build());
        else if (c.hasSubscribe()) out = call(() -> subscribe(c.getSubscribe())).thenApply(x -> reply.setSubscribe(x).build());
        else if (c.hasUnsubscribe()) out = call(() -> unsubscribe(c.getUnsubscribe())).thenApply(x -> reply.setUnsubscribe(x).build());
        else if (c.hasDisconnect()) out = call(() -> disconnect(c.getDisconnect())).thenApply(x -> reply.setDisconnect(x).build());
        else if (c.hasPresence()) out = call(() -> presence(c.getPresence())).thenApply(x -> reply.setPresence(x).build());
        else if (c.hasPresenceStats()) out = call(() -> presenceStats(c.getPresenceStats())).thenApply(x -> reply.setPresenceStats(x).build());
        else if (c.hasHistory()) out = call(() -> history(c.getHistory())).thenApply(x -> reply.setHistory(x).build());
        else if (c.hasHistoryRemove()) out = call(() -> historyRemove(c.getHistoryRemove())).thenApply(x -> reply.setHistoryRemove(x).build());
        else if (c.hasInfo()) out = call(this::info).thenApply(x -> reply.setInfo(x).build());
        else if (c.hasRefresh()) out = call(() -> refresh(c.getRefresh())).thenApply(x -> reply.setRefresh(x).build());
        else if (c.hasChannels()) out = call(() -> channels(c.getChannels())).thenApply(x -> reply.setChannels(x).build());
        else out = failed(ClientError.BAD_REQUEST);
        return out.exceptionally(t -> Reply.newBuilder().setError(error(t)).build());
    }

    // --- gRPC entry points: the result, or the error, in the method's response message ----------------------

    @Override public void batch(BatchRequest r, StreamObserver<BatchResponse> o) { answer(() -> batch(r), (x, e) -> x, o); }
    @Override public void publish(PublishRequest r, StreamObserver<PublishResponse> o) {
        answer(() -> publish(r), (x, e) -> e == null ? PublishResponse.newBuilder().setResult(x).build()
                : PublishResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void broadcast(BroadcastRequest r, StreamObserver<BroadcastResponse> o) {
        answer(() -> broadcast(r), (x, e) -> e == null ? BroadcastResponse.newBuilder().setResult(x).build()
                : BroadcastResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void subscribe(SubscribeRequest r, StreamObserver<SubscribeResponse> o) {
        answer(() -> subscribe(r), (x, e) -> e == null ? SubscribeResponse.newBuilder().setResult(x).build()
                : SubscribeResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void unsubscribe(UnsubscribeRequest r, StreamObserver<UnsubscribeResponse> o) {
        answer(() -> unsubscribe(r), (x, e) -> e == null ? UnsubscribeResponse.newBuilder().setResult(x).build()
                : UnsubscribeResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void disconnect(DisconnectRequest r, StreamObserver<DisconnectResponse> o) {
        answer(() -> disconnect(r), (x, e) -> e == null ? DisconnectResponse.newBuilder().setResult(x).build()
                : DisconnectResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void presence(PresenceRequest r, StreamObserver<PresenceResponse> o) {
        answer(() -> presence(r), (x, e) -> e == null ? PresenceResponse.newBuilder().setResult(x).build()
                : PresenceResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void presenceStats(PresenceStatsRequest r, StreamObserver<PresenceStatsResponse> o) {
        answer(() -> presenceStats(r), (x, e) -> e == null ? PresenceStatsResponse.newBuilder().setResult(x).build()
                : PresenceStatsResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void history(HistoryRequest r, StreamObserver<HistoryResponse> o) {
        answer(() -> history(r), (x, e) -> e == null ? HistoryResponse.newBuilder().setResult(x).build()
                : HistoryResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void historyRemove(HistoryRemoveRequest r, StreamObserver<HistoryRemoveResponse> o) {
        answer(() -> historyRemove(r), (x, e) -> e == null ? HistoryRemoveResponse.newBuilder().setResult(x).build()
                : HistoryRemoveResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void info(InfoRequest r, StreamObserver<InfoResponse> o) {
        answer(this::info, (x, e) -> e == null ? InfoResponse.newBuilder().setResult(x).build()
                : InfoResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void refresh(RefreshRequest r, StreamObserver<RefreshResponse> o) {
        answer(() -> refresh(r), (x, e) -> e == null ? RefreshResponse.newBuilder().setResult(x).build()
                : RefreshResponse.newBuilder().setError(e).build(), o);
    }
    @Override public void channels(ChannelsRequest r, StreamObserver<ChannelsResponse> o) {
        answer(() -> channels(r), (x, e) -> e == null ? ChannelsResponse.newBuilder().setResult(x).build()
                : ChannelsResponse.newBuilder().setError(e).build(), o);
    }

    private static <R, P> void answer(java.util.function.Supplier<CompletableFuture<R>> call,
                                      BiFunction<R, Error, P> response, StreamObserver<P> observer) {
        call(call).whenComplete((result, t) -> {
            observer.onNext(t == null ? response.apply(result, null) : response.apply(null, error(t)));
            observer.onCompleted();
        });
    }

    /** Runs a method, turning its synchronous validation failures into a failed future. */
    private static <R> CompletableFuture<R> call(java.util.function.Supplier<CompletableFuture<R>> method) {
        try {
            return method.get();
        } catch (CoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // --- shapes and fields ------------------------------------------------------------------------------

    private static Error error(Throwable t) {
        ClientError e = CoreException.errorOf(t);
        return Error.newBuilder().setCode(e.code()).setMessage(e.message()).build();
    }

    private static PublishResult position(StreamPosition p) {
        return PublishResult.newBuilder().setOffset(p.offset()).setEpoch(p.epoch()).build();
    }

    private static ClientInfo clientInfo(io.switchboard.core.ClientInfo info) {
        return ClientInfo.newBuilder().setUser(info.user()).setClient(info.client())
                .setConnInfo(bytes(info.connInfo())).setChanInfo(bytes(info.chanInfo())).build();
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(b);
    }

    private static String channel(String channel) {
        if (channel.isEmpty()) throw bad();
        return channel;
    }

    /** The raw bytes field, else the base64 one; null (or a 107 when required) when neither is set. */
    private static byte[] payload(ByteString raw, String b64, boolean required) {
        if (!raw.isEmpty()) return raw.toByteArray();
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw bad();
            }
        }
        if (required) throw bad();
        return null;
    }

    private static CoreException bad() {
        return new CoreException(ClientError.BAD_REQUEST);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> failed(ClientError e) {
        return CompletableFuture.failedFuture(new CoreException(e));
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
