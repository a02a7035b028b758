package io.switchboard.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.ConnectResult;
import io.switchboard.centrifugo.proto.HistoryRequest;
import io.switchboard.centrifugo.proto.HistoryResult;
import io.switchboard.centrifugo.proto.PresenceRequest;
import io.switchboard.centrifugo.proto.PresenceResult;
import io.switchboard.centrifugo.proto.Publication;
import io.switchboard.centrifugo.proto.PublishRequest;
import io.switchboard.centrifugo.proto.RPCRequest;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.centrifugo.proto.v1.Command;
import io.switchboard.centrifugo.proto.v1.Push;
import io.switchboard.centrifugo.proto.v1.Reply;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client protocol v1 over bidirectional gRPC with a real grpc-java client: {@code proto.Centrifuge/Communicate},
 * one bare Command or Reply per message, a disconnect told in the {@code disconnect} trailer.
 */
class BidiGrpcTest {
    private static final String SECRET = "grpc-secret";
    private static final Metadata.Key<String> DISCONNECT = Metadata.Key.of("disconnect", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> DISCONNECT_CODE = Metadata.Key.of("disconnect-code", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<byte[], byte[]> COMMUNICATE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName("proto.Centrifuge/Communicate")
            .setRequestMarshaller(Raw.INSTANCE).setResponseMarshaller(Raw.INSTANCE).build();

    private Switchboard server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws InterruptedException {
        server = Switchboard.builder().port(0).bidiGrpc("127.0.0.1", 0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder().joinLeave(false)
                        .forcePushJoinLeave(false).build()))
                .centrifugo(CentrifugoOptions.defaults().withTokenKeys(TokenKeys.hmac(SECRET), null))
                .apiInsecure(true).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.bidiGrpcPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void connectsWithATokenAndSpeaksProtocolV1OneMessageAtATime() throws Exception {
        Stream s = new Stream();
        s.send(1, Command.MethodType.CONNECT, ConnectRequest.newBuilder()
                .setToken(TokenIssuer.connectionToken(SECRET, "alice", 60, List.of())).build());
        Reply connect = s.next();
        assertThat(connect.getId()).isEqualTo(1);
        assertThat(ConnectResult.parseFrom(connect.getResult()).getClient()).isNotEmpty();

        s.send(2, Command.MethodType.SUBSCRIBE, SubscribeRequest.newBuilder().setChannel("news").build());
        assertThat(s.next().getId()).isEqualTo(2);
        server.node().publish("news", "{\"n\":1}".getBytes(), PublishOptions.DEFAULT).join();
        Reply pushed = s.next();
        assertThat(pushed.getId()).isZero();
        Push push = Push.parseFrom(pushed.getResult());
        assertThat(push.getType()).isEqualTo(Push.PushType.PUBLICATION);
        assertThat(push.getChannel()).isEqualTo("news");
        assertThat(Publication.parseFrom(push.getData()).getData().toStringUtf8()).isEqualTo("{\"n\":1}");

        s.send(3, Command.MethodType.PUBLISH, PublishRequest.newBuilder().setChannel("news")
                .setData(ByteString.copyFromUtf8("{\"n\":2}")).build());
        // the own publication comes back to the subscriber; its reply and push may come in either order
        Reply a = s.next(), b = s.next();
        Reply published = a.getId() == 3 ? a : b;
        assertThat(published.hasError()).isFalse();
        assertThat(Publication.parseFrom(Push.parseFrom((a.getId() == 3 ? b : a).getResult()).getData())
                .getData().toStringUtf8()).isEqualTo("{\"n\":2}");

        s.send(4, Command.MethodType.PRESENCE, PresenceRequest.newBuilder().setChannel("news").build());
        Reply presence = s.next();
        assertThat(PresenceResult.parseFrom(presence.getResult()).getPresenceMap().values())
                .extracting(i -> i.getUser()).containsExactly("alice");
        s.send(5, Command.MethodType.HISTORY, HistoryRequest.newBuilder().setChannel("news").setLimit(10).build());
        assertThat(HistoryResult.parseFrom(s.next().getResult()).getPublicationsList()).hasSize(2);

        s.send(6, Command.MethodType.PING, null);
        Reply pong = s.next();
        assertThat(pong.getId()).isEqualTo(6);
        assertThat(pong.getResult().isEmpty()).isTrue();
        s.send(7, Command.MethodType.RPC, RPCRequest.newBuilder().setData(ByteString.copyFromUtf8("{}")).build());
        Reply rpc = s.next();
        assertThat(rpc.getId()).isEqualTo(7);
        assertThat(rpc.getError().getCode()).isEqualTo(108); // no RPC handler: not available

        server.node().disconnectUser("alice", "", List.of(), new Disconnect(4000, "bye"));
        Closed closed = s.closed();
        assertThat(closed.status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(closed.trailers.get(DISCONNECT)).isEqualTo("{\"reason\":\"bye\",\"reconnect\":true}");
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("4000");
    }

    @Test
    void aMessageThatIsNotACommandEndsTheStreamAsABadRequest() throws Exception {
        Stream s = new Stream();
        s.call.sendMessage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        Closed closed = s.closed();
        assertThat(closed.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(closed.trailers.get(DISCONNECT)).isEqualTo("{\"reason\":\"bad request\",\"reconnect\":false}");
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("3501");
        assertThat(s.replies).isEmpty();
    }

    @Test
    void aCommandBeforeConnectIsABadRequest() throws Exception {
        Stream s = new Stream();
        s.send(1, Command.MethodType.SUBSCRIBE, SubscribeRequest.newBuilder().setChannel("news").build());
        Closed closed = s.closed();
        assertThat(closed.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("3501");
    }

    @Test
    void aTokenSignedWithAnotherKeyEndsTheStreamWithInvalidToken() throws Exception {
        Stream s = new Stream();
        s.send(1, Command.MethodType.CONNECT, ConnectRequest.newBuilder()
                .setToken(TokenIssuer.connectionToken("other", "alice", 60, List.of())).build());
        Closed closed = s.closed();
        assertThat(closed.status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(closed.trailers.get(DISCONNECT)).isEqualTo("{\"reason\":\"invalid token\",\"reconnect\":false}");
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("3500");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedByGrpcWithResourceExhausted() throws Exception {
        Stream s = new Stream();
        s.send(1, Command.MethodType.PUBLISH, PublishRequest.newBuilder().setChannel("news")
                .setData(ByteString.copyFromUtf8("\"" + "x".repeat(CentrifugoOptions.defaults().messageSizeLimit()) + "\"")).build());
        assertThat(s.closed().status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void aClientThatHalfClosesEndsItsConnection() throws Exception {
        Stream s = new Stream();
        s.send(1, Command.MethodType.CONNECT, ConnectRequest.newBuilder()
                .setToken(TokenIssuer.connectionToken(SECRET, "bob", 60, List.of())).build());
        s.next();
        s.call.halfClose();
        Closed closed = s.closed();
        assertThat(closed.status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("3000");
    }

    @Test
    void aClientThatStopsReadingIsCutAsSlowAndToldSoInTheTrailers() throws Exception {
        server.close();
        var d = CentrifugoOptions.defaults();
        var o = new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.staleCloseDelay(), d.expiredCloseDelay(),
                d.channelLimit(), 256 * 1024, d.messageSizeLimit(), d.historyMaxPublicationLimit(),
                d.recoveryMaxPublicationLimit(), false, false, TokenKeys.hmac(SECRET), null, List.of(), "t");
        server = Switchboard.builder().port(0).bidiGrpc("127.0.0.1", 0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder().joinLeave(false)
                        .forcePushJoinLeave(false).historySize(0).forceRecovery(false).forcePositioning(false).build()))
                .centrifugo(o).apiInsecure(true).start();
        channel.shutdownNow();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.bidiGrpcPort()).usePlaintext().build();
        Stream s = new Stream();
        s.send(1, Command.MethodType.CONNECT, ConnectRequest.newBuilder()
                .setToken(TokenIssuer.connectionToken(SECRET, "slow", 60, List.of())).build());
        s.next();
        s.send(2, Command.MethodType.SUBSCRIBE, SubscribeRequest.newBuilder().setChannel("flood").build());
        s.next();
        s.reading = false; // stops asking for messages: HTTP/2 flow control stops the server's stream
        byte[] data = ("\"" + "x".repeat(64 * 1024) + "\"").getBytes();
        for (int i = 0; i < 200 && !s.end.isDone(); i++) {
            server.node().publish("flood", data, PublishOptions.DEFAULT).join();
        }
        s.reading = true;
        s.call.request(Integer.MAX_VALUE); // reads what piled up, then the end
        Closed closed = s.closed();
        assertThat(closed.trailers.get(DISCONNECT_CODE)).isEqualTo("3008");
        assertThat(closed.trailers.get(DISCONNECT)).isEqualTo("{\"reason\":\"slow\",\"reconnect\":true}");
        assertThat(s.replies.size()).isLessThan(200);
    }

    private record Closed(Status status, Metadata trailers) {
    }

    /** One Communicate call: replies queued as they arrive, the end with its trailers. */
    private final class Stream {
        final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
        volatile boolean reading = true;
        final CompletableFuture<Closed> end = new CompletableFuture<>();
        final ClientCall<byte[], byte[]> call = channel.newCall(COMMUNICATE,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));

        Stream() {
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(byte[] message) {
                    try {
                        replies.add(Reply.parseFrom(message));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (reading) call.request(1);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    end.complete(new Closed(status, trailers));
                }
            }, new Metadata());
            call.request(1);
        }

        void send(int id, Command.MethodType method, MessageLite params) {
            Command.Builder c = Command.newBuilder().setId(id).setMethod(method);
            if (params != null) c.setParams(params.toByteString());
            call.sendMessage(c.build().toByteArray());
        }

        Reply next() throws InterruptedException {
            Reply r = replies.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("a reply within 10 s").isNotNull();
            return r;
        }

        Closed closed() throws Exception {
            return end.get(10, TimeUnit.SECONDS);
        }
    }

    private enum Raw implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
