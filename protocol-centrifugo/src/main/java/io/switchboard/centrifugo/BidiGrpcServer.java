package io.switchboard.centrifugo;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.switchboard.centrifugo.internal.codec.V1ProtobufCodec;
import io.switchboard.core.Disconnect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The bidirectional gRPC client transport of client protocol v1, as the Centrifuge library served it until 2018:
 * {@code proto.Centrifuge/Communicate(stream Command) returns (stream Reply)}, each message one bare v1 Command or
 * Reply, on its own port. The client reads one command at a time (no auto-request), so a flooding client waits
 * on HTTP/2 flow control instead of filling the event loop; the server keepalive is HTTP/2 pings.
 */
public final class BidiGrpcServer implements AutoCloseable {
    static final String SERVICE = "proto.Centrifuge";
    static final MethodDescriptor<byte[], byte[]> COMMUNICATE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Communicate"))
            .setRequestMarshaller(UniGrpcServer.RawMarshaller.INSTANCE)
            .setResponseMarshaller(UniGrpcServer.RawMarshaller.INSTANCE).build();

    private final Server server;
    private final EventLoopGroup loops;

    private BidiGrpcServer(Server server, EventLoopGroup loops) {
        this.server = server;
        this.loops = loops;
    }

    static BidiGrpcServer start(Centrifugo centrifugo, String address, int port) throws IOException {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(COMMUNICATE, ServerCalls.asyncBidiStreamingCall(
                        observer -> communicate(centrifugo, loops.next(), (ServerCallStreamObserver<byte[]>) observer)))
                .build();
        CentrifugoOptions o = centrifugo.options();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
                .maxInboundMessageSize(o.messageSizeLimit()).addService(service);
        if (!o.pingInterval().isZero()) {
            builder.keepAliveTime(o.pingInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .keepAliveTimeout(o.pongTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return new BidiGrpcServer(server, loops);
    }

    private static StreamObserver<byte[]> communicate(Centrifugo centrifugo, EventLoop loop,
                                                      ServerCallStreamObserver<byte[]> stream) {
        stream.disableAutoRequest();
        GrpcBidiTransport transport = new GrpcBidiTransport(stream, loop, "gRPC stream");
        CentrifugoClient client = centrifugo.newClient(transport, V1ProtobufCodec.GRPC);
        stream.setOnCancelHandler(() -> loop.execute(client::onTransportClosed));
        stream.request(1);
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] command) {
                loop.execute(() -> {
                    client.onFrame(command);
                    client.onReadComplete();
                    if (!transport.ended()) stream.request(1);
                });
            }

            @Override
            public void onError(Throwable t) {
                loop.execute(client::onTransportClosed);
            }

            /** The client half-closed: as in Centrifuge, the connection ends normally. */
            @Override
            public void onCompleted() {
                loop.execute(() -> client.disconnect(Disconnect.CONNECTION_CLOSED));
            }
        };
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
}
