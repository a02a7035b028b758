package io.switchboard.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.MapOptions;
import io.switchboard.server.config.GrpcApiConfig;
import io.switchboard.server.grpc.proto.BatchRequest;
import io.switchboard.server.grpc.proto.BroadcastRequest;
import io.switchboard.server.grpc.proto.CentrifugoApiGrpc;
import io.switchboard.server.grpc.proto.ChannelsRequest;
import io.switchboard.server.grpc.proto.Command;
import io.switchboard.server.grpc.proto.Disconnect;
import io.switchboard.server.grpc.proto.DisconnectRequest;
import io.switchboard.server.grpc.proto.HistoryRemoveRequest;
import io.switchboard.server.grpc.proto.HistoryRequest;
import io.switchboard.server.grpc.proto.InfoRequest;
import io.switchboard.server.grpc.proto.MapEntry;
import io.switchboard.server.grpc.proto.MapClearRequest;
import io.switchboard.server.grpc.proto.MapPublishRequest;
import io.switchboard.server.grpc.proto.MapReadStreamRequest;
import io.switchboard.server.grpc.proto.MapReadStateRequest;
import io.switchboard.server.grpc.proto.MapRemoveRequest;
import io.switchboard.server.grpc.proto.MapStatsRequest;
import io.switchboard.server.grpc.proto.PresenceRequest;
import io.switchboard.server.grpc.proto.PresenceStatsRequest;
import io.switchboard.server.grpc.proto.PublishRequest;
import io.switchboard.server.grpc.proto.RefreshRequest;
import io.switchboard.server.grpc.proto.SubscribeRequest;
import io.switchboard.server.grpc.proto.UnsubscribeRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gRPC server API called with the generated blocking stub, over a real channel. */
class GrpcApiTest {
    private static final String KEY = "grpc-key";
    private Switchboard server;
    private ManagedChannel channel;
    private CentrifugoApiGrpc.CentrifugoApiBlockingStub api;

    @BeforeEach
    void start() throws InterruptedException {
        ChannelOptions plain = ChannelOptions.builder().allowSubscribeForClient(true).allowSubscribeForAnonymous(true).build();
        server = Switchboard.builder().port(0).grpcApi(new GrpcApiConfig("127.0.0.1", 0, KEY, false))
                .channels(new ChannelRules(255, ChannelOptions.openForDevelopment().toBuilder().joinLeave(false)
                        .forcePushJoinLeave(false).build(), Map.of("plain", plain, "map", plain.toBuilder()
                        .map(new MapOptions(MapOptions.Mode.RECOVERABLE, Duration.ofMinutes(1), 0, null, false, false,
                                false, false, false, false, "", 0, 0, 0)).build())))
                .centrifugo(options()).endpoints(Endpoints.ALL).apiInsecure(true).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcApiPort()).usePlaintext().build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "apikey " + KEY);
        api = CentrifugoApiGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** Anonymous connections; an expired one is closed at once rather than after Centrifugo's 25 s grace. */
    private static CentrifugoOptions options() {
        var d = CentrifugoOptions.defaults().withAnonymous(true);
        return new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.staleCloseDelay(), Duration.ZERO,
                d.channelLimit(), d.queueMaxSize(), d.messageSizeLimit(), d.historyMaxPublicationLimit(),
                d.recoveryMaxPublicationLimit(), d.insecure(), d.allowAnonymousConnectWithoutToken(),
                d.connectionTokenKeys(), d.subscriptionTokenKeys(), d.allowedOrigins(), d.serverVersion());
    }

    private static String clientId(String connectReply) {
        return connectReply.replaceAll(".*\"client\":\"([^\"]+)\".*", "$1");
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void mapMethodsSetRemoveAndReadAMapChannelsEntries() {
        var a = api.mapPublish(MapPublishRequest.newBuilder().setChannel("map:m").setKey("a").setData(json("{\"v\":1}"))
                .putTags("t", "x").build());
        assertThat(a.hasError()).isFalse();
        assertThat(a.getResult().getOffset()).isEqualTo(1);
        api.mapPublish(MapPublishRequest.newBuilder().setChannel("map:m").setKey("b").setB64Data("Mg==").build());
        var page = api.mapReadState(MapReadStateRequest.newBuilder().setChannel("map:m").setLimit(1).build()).getResult();
        assertThat(page.getEntriesList()).extracting(MapEntry::getKey).containsExactly("a");
        assertThat(page.getEntries(0).getData().toStringUtf8()).isEqualTo("{\"v\":1}");
        assertThat(page.getEntries(0).getTagsMap()).isEqualTo(Map.of("t", "x"));
        assertThat(page.getOffset()).isEqualTo(2);
        assertThat(page.getEpoch()).isEqualTo(a.getResult().getEpoch());
        var rest = api.mapReadState(MapReadStateRequest.newBuilder().setChannel("map:m").setCursor(page.getCursor())
                .setLimit(1).build()).getResult();
        assertThat(rest.getEntriesList()).extracting(MapEntry::getKey).containsExactly("b");
        assertThat(rest.getEntries(0).getData().toStringUtf8()).isEqualTo("2");
        assertThat(rest.getCursor()).isEmpty();
        assertThat(api.mapStats(MapStatsRequest.newBuilder().setChannel("map:m").build()).getResult().getNumKeys())
                .isEqualTo(2);
        var removed = api.mapRemove(MapRemoveRequest.newBuilder().setChannel("map:m").setKey("a").build());
        assertThat(removed.getResult().getOffset()).isEqualTo(3);
        assertThat(api.mapReadState(MapReadStateRequest.newBuilder().setChannel("map:m").setKey("b").build())
                .getResult().getEntriesList()).extracting(MapEntry::getKey).containsExactly("b");
        // as the HTTP API: no key 107, a stream channel 107, an unknown namespace 102; in a batch too
        assertThat(api.mapPublish(MapPublishRequest.newBuilder().setChannel("map:m").setData(json("1")).build())
                .getError().getCode()).isEqualTo(107);
        assertThat(api.mapRemove(MapRemoveRequest.newBuilder().setChannel("plain:m").setKey("a").build())
                .getError().getCode()).isEqualTo(107);
        assertThat(api.mapStats(MapStatsRequest.newBuilder().setChannel("nope:m").build()).getError().getCode())
                .isEqualTo(102);
        var batch = api.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setMapPublish(MapPublishRequest.newBuilder().setChannel("map:m")
                        .setKey("c").setData(json("3"))))
                .addCommands(Command.newBuilder().setMapStats(MapStatsRequest.newBuilder().setChannel("map:m"))).build());
        assertThat(batch.getReplies(0).getMapPublish().getOffset()).isEqualTo(4);
        assertThat(batch.getReplies(1).getMapStats().getNumKeys()).isEqualTo(2);

        var stream = api.mapReadStream(MapReadStreamRequest.newBuilder().setChannel("map:m").setSinceOffset(2).build())
                .getResult();
        assertThat(stream.getEntriesList()).extracting(MapEntry::getOffset).containsExactly(3L, 4L);
        assertThat(stream.getEntries(0).getRemoved()).isTrue();
        assertThat(stream.getEntries(0).getKey()).isEqualTo("a");
        assertThat(stream.getOffset()).isEqualTo(4);
        assertThat(api.mapReadStream(MapReadStreamRequest.newBuilder().setChannel("map:m").setReverse(true).setLimit(1)
                .build()).getResult().getEntriesList()).extracting(MapEntry::getKey).containsExactly("c");
        assertThat(api.mapClear(MapClearRequest.newBuilder().setChannel("map:m").build()).hasError()).isFalse();
        assertThat(api.mapStats(MapStatsRequest.newBuilder().setChannel("map:m").build()).getResult().getNumKeys())
                .isZero();
        var fresh = api.mapPublish(MapPublishRequest.newBuilder().setChannel("map:m").setKey("z").setData(json("0")).build());
        assertThat(fresh.getResult().getOffset()).as("a cleared map starts again").isEqualTo(1);
        assertThat(fresh.getResult().getEpoch()).isNotEqualTo(a.getResult().getEpoch());
    }

    @Test
    void refusesCallsWithoutTheApiKeyOrWithAWrongOne() {
        var anonymous = CentrifugoApiGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThat(statusOf(() -> anonymous.info(InfoRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAUTHENTICATED);
        for (String wrong : List.of("apikey wrong-key", "apikey " + KEY + "x", KEY, "Bearer " + KEY)) {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), wrong);
            var stub = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            assertThat(statusOf(() -> stub.info(InfoRequest.getDefaultInstance()))).as(wrong).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(statusOf(() -> stub.publish(PublishRequest.newBuilder().setChannel("g").setData(json("1")).build())))
                    .as(wrong).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        assertThat(api.history(HistoryRequest.newBuilder().setChannel("g").setLimit(10).build()).getResult()
                .getPublicationsCount()).isZero(); // no refused publish got through
        assertThat(api.info(InfoRequest.getDefaultInstance()).hasResult()).isTrue(); // the right key does
    }

    private static Status.Code statusOf(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call was let through");
    }

    @Test
    void publishesReachesAWebSocketSubscriberAndReadsHistoryBack() throws Exception {
        var ws = WsTestClient.connect(server.port());
        ws.handshake();
        ws.send("{\"subscribe\":{\"channel\":\"g\"},\"id\":2}");
        ws.next();
        var published = api.publish(PublishRequest.newBuilder().setChannel("g").setData(json("{\"n\":1}")).build());
        assertThat(published.hasError()).isFalse();
        assertThat(published.getResult().getOffset()).isEqualTo(1);
        assertThat(published.getResult().getEpoch()).hasSize(8);
        assertThat(ws.next()).isEqualTo("{\"push\":{\"channel\":\"g\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");

        var history = api.history(HistoryRequest.newBuilder().setChannel("g").setLimit(10).build());
        assertThat(history.getResult().getPublicationsList()).extracting(p -> p.getData().toStringUtf8())
                .containsExactly("{\"n\":1}");
        assertThat(api.presence(PresenceRequest.newBuilder().setChannel("g").build()).getResult().getPresenceCount()).isEqualTo(1);
        assertThat(api.presenceStats(PresenceStatsRequest.newBuilder().setChannel("g").build()).getResult().getNumClients()).isEqualTo(1);
        assertThat(api.channels(ChannelsRequest.newBuilder().setPattern("g*").build()).getResult().getChannelsMap()).containsKey("g");
        assertThat(api.info(InfoRequest.getDefaultInstance()).getResult().getNodes(0).getNumClients()).isEqualTo(1);
        assertThat(api.historyRemove(HistoryRemoveRequest.newBuilder().setChannel("g").build()).hasError()).isFalse();
    }

    @Test
    void answersErrorsInTheResponseLikeCentrifugo() {
        assertThat(api.publish(PublishRequest.newBuilder().setChannel("nope:x").setData(json("1")).build()).getError().getCode())
                .isEqualTo(102);
        assertThat(api.publish(PublishRequest.newBuilder().setData(json("1")).build()).getError().getCode()).isEqualTo(107);
        assertThat(api.publish(PublishRequest.newBuilder().setChannel("x").build()).getError().getCode()).isEqualTo(107);
        assertThat(api.history(HistoryRequest.newBuilder().setChannel("plain:x").build()).getError().getCode()).isEqualTo(108);
        var broadcast = api.broadcast(BroadcastRequest.newBuilder().addChannels("a").addChannels("nope:b").setData(json("1")).build());
        assertThat(broadcast.getResult().getResponses(0).getResult().getOffset()).isEqualTo(1);
        assertThat(broadcast.getResult().getResponses(1).getError().getCode()).isEqualTo(102);
        var batch = api.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("a").setData(json("2"))))
                .addCommands(Command.newBuilder().setPresence(PresenceRequest.newBuilder().setChannel("plain:x")))
                .build());
        assertThat(batch.getReplies(0).getPublish().getOffset()).isEqualTo(2);
        assertThat(batch.getReplies(1).getError().getCode()).isEqualTo(108);
    }

    @Test
    void controlsLiveConnectionsBySubscribeUnsubscribeAndDisconnect() throws Exception {
        var ws = WsTestClient.connect(server.port());
        ws.handshake();
        api.subscribe(SubscribeRequest.newBuilder().setUser("").setChannel("extra").build());
        assertThat(ws.next()).startsWith("{\"push\":{\"channel\":\"extra\",\"subscribe\":{");
        api.unsubscribe(UnsubscribeRequest.newBuilder().setUser("").setChannel("extra").build());
        assertThat(ws.next()).contains("\"unsubscribe\":{\"code\":2000");
        api.disconnect(DisconnectRequest.newBuilder().setUser("")
                .setDisconnect(Disconnect.newBuilder().setCode(4501).setReason("bye")).build());
        assertThat(ws.awaitClose()).isEqualTo(4501);
    }

    @Test
    void refreshGivesAUnidirectionalClientItsNewExpiryAsAPush() throws Exception {
        var uni = WsTestClient.connect(server.port(), true, null, "/connection/uni_websocket");
        uni.send("{}");
        String connect = uni.next();
        assertThat(connect).startsWith("{\"connect\":{").doesNotContain("\"expires\"");
        var reply = api.refresh(RefreshRequest.newBuilder().setUser("").setClient(clientId(connect))
                .setExpireAt(nowSeconds() + 3600).build());
        assertThat(reply.hasError()).isFalse();
        String push = uni.next();
        assertThat(push).startsWith("{\"refresh\":{\"expires\":true,\"ttl\":");
        long ttl = Long.parseLong(push.replaceAll(".*\"ttl\":(\\d+).*", "$1"));
        assertThat(ttl).isBetween(3590L, 3600L);
    }

    @Test
    void refreshToANearExpiryClosesABidirectionalConnectionWhenItPasses() throws Exception {
        var ws = WsTestClient.connect(server.port());
        String connect = ws.handshake();
        assertThat(connect).doesNotContain("\"expires\""); // anonymous: it would never expire by itself
        var other = WsTestClient.connect(server.port());
        other.handshake();
        api.refresh(RefreshRequest.newBuilder().setUser("").setClient(clientId(connect)).setExpireAt(nowSeconds() + 1).build());
        assertThat(ws.awaitClose()).isEqualTo(3005);
        assertThat(ws.closeReason.join()).isEqualTo("connection expired");
        assertThat(other.closeCode).isNotDone(); // only the client named was refreshed
        assertThat(server.node().info().numClients()).isEqualTo(1);
    }

    @Test
    void refreshWithExpiredDisconnectsAtOnceWith3005() throws Exception {
        var ws = WsTestClient.connect(server.port());
        String connect = ws.handshake();
        api.refresh(RefreshRequest.newBuilder().setUser("").setClient(clientId(connect)).setExpired(true).build());
        assertThat(ws.awaitClose()).isEqualTo(3005);
        assertThat(ws.closeReason.join()).isEqualTo("connection expired"); // anonymous: no expiry timer could do it
    }
}
