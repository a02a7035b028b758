package io.switchboard.centrifugo;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.switchboard.centrifugo.internal.codec.DecodeException;
import io.switchboard.centrifugo.internal.codec.ProtobufCommandDecoder;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.UniProtobufCodec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The unidirectional gRPC transport: {@code centrifugal.centrifugo.unistream.CentrifugoUniStream/Consume}
 * takes a ConnectRequest and streams Push messages, on its own port (Centrifugo's default 11000). Messages
 * travel as raw bytes, so pushes encoded once for all subscribers are not re-serialised per stream.
 */
public final class UniGrpcServer implements AutoCloseable {
    static final String SERVICE = "centrifugal.centrifugo.unistream.CentrifugoUniStream";
    static final MethodDescriptor<byte[], byte[]> CONSUME = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Consume"))
            .setRequestMarshaller(RawMarshaller.INSTANCE).setResponseMarshaller(RawMarshaller.INSTANCE).build();

    private final Server server;
    private final EventLoopGroup loops;

    private UniGrpcServer(Server server, EventLoopGroup loops) {
        this.server = server;
        this.loops = loops;
    }

    public static UniGrpcServer start(Centrifugo centrifugo, String address, int port) throws IOException {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(CONSUME, ServerCalls.asyncServerStreamingCall((request, observer) -> {
                    var stream = (ServerCallStreamObserver<byte[]>) observer;
                    consume(centrifugo, loops, request, stream);
                }))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(address, port)).addService(service).build();
        try {
            server.start();
        } catch (IOException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return new UniGrpcServer(server, loops);
    }

    private static void consume(Centrifugo centrifugo, EventLoopGroup loops, byte[] request,
                                ServerCallStreamObserver<byte[]> stream) {
        Requests.Connect connect;
        try {
            connect = ProtobufCommandDecoder.decodeConnectRequest(request);
        } catch (DecodeException e) {
            stream.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        var loop = loops.next();
        CentrifugoClient client = centrifugo.newClient(new GrpcStreamTransport(stream, loop, "uni gRPC stream"),
                UniProtobufCodec.INSTANCE);
        stream.setOnCancelHandler(() -> loop.execute(client::onTransportClosed));
        loop.execute(() -> {
            client.onUnidirectionalConnect(connect);
            client.onReadComplete();
        });
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Passes message bytes through untouched. */
    enum RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
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
