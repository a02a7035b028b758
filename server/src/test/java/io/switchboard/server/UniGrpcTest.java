package io.switchboard.server;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.Push;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unidirectional gRPC transport with a real gRPC client: Consume(ConnectRequest) streams Push messages. */
class UniGrpcTest {
    private static final MethodDescriptor<ConnectRequest, Push> CONSUME = MethodDescriptor.<ConnectRequest, Push>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("centrifugal.centrifugo.unistream.CentrifugoUniStream/Consume")
            .setRequestMarshaller(new Marshaller<>(ConnectRequest::parseFrom))
            .setResponseMarshaller(new Marshaller<>(Push::parseFrom)).build();

    private Switchboard server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws InterruptedException {
        server = Switchboard.builder().port(0).uniGrpc("127.0.0.1", 0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder().joinLeave(false)
                        .forcePushJoinLeave(false).build()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.uniGrpcPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private Iterator<Push> consume(ConnectRequest request) {
        return ClientCalls.blockingServerStreamingCall(channel, CONSUME, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    @Test
    void streamsTheConnectPushThenPublicationsAndEndsWithADisconnect() throws Exception {
        Iterator<Push> stream = consume(ConnectRequest.newBuilder()
                .putSubs("grpc", SubscribeRequest.getDefaultInstance()).build());
        Push connect = stream.next();
        assertThat(connect.getConnect().getClient()).isNotEmpty();
        assertThat(connect.getConnect().getSubsMap()).containsKey("grpc");
        assertThat(connect.getConnect().getPong()).isFalse();
        server.node().publish("grpc", "{\"n\":1}".getBytes(), PublishOptions.DEFAULT).join();
        Push pub = stream.next();
        assertThat(pub.getChannel()).isEqualTo("grpc");
        assertThat(pub.getPub().getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        assertThat(pub.getPub().getOffset()).isEqualTo(1);
        server.node().disconnectUser("", "", List.of(), new Disconnect(4000, "bye"));
        Push bye = stream.next();
        assertThat(bye.getDisconnect().getCode()).isEqualTo(4000);
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void recoversPublicationsMissedSinceTheGivenPosition() throws Exception {
        var first = server.node().publish("rec", "1".getBytes(), PublishOptions.DEFAULT).join();
        server.node().publish("rec", "2".getBytes(), PublishOptions.DEFAULT).join();
        server.node().publish("rec", "3".getBytes(), PublishOptions.DEFAULT).join();
        Iterator<Push> stream = consume(ConnectRequest.newBuilder().putSubs("rec", SubscribeRequest.newBuilder()
                .setRecover(true).setOffset(first.offset()).setEpoch(first.epoch()).build()).build());
        var sub = stream.next().getConnect().getSubsMap().get("rec");
        assertThat(sub.getRecovered()).isTrue();
        assertThat(sub.getPublicationsList()).extracting(p -> p.getData().toStringUtf8()).containsExactly("2", "3");
    }

    @Test
    void refusesAConnectRequestThatIsNotProtobuf() {
        MethodDescriptor<byte[], Push> raw = CONSUME.toBuilder(new Marshaller<>(b -> b), CONSUME.getResponseMarshaller()).build();
        Iterator<Push> stream = ClientCalls.blockingServerStreamingCall(channel, raw,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] {(byte) 0xff, 0x01});
        assertThatThrownBy(stream::next).isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT");
    }

    /** Protobuf messages (or raw bytes) in and out of a gRPC call. */
    private static final class Marshaller<T> implements MethodDescriptor.Marshaller<T> {
        interface Parser<T> {
            T parse(byte[] bytes) throws Exception;
        }

        private final Parser<T> parser;

        Marshaller(Parser<T> parser) {
            this.parser = parser;
        }

        @Override
        public InputStream stream(T value) {
            byte[] bytes = value instanceof byte[] b ? b : ((com.google.protobuf.MessageLite) value).toByteArray();
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public T parse(InputStream stream) {
            try {
                return parser.parse(stream.readAllBytes());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
