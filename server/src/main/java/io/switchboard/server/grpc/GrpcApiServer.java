package io.switchboard.server.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.core.Node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC server API on its own port (Centrifugo's default: 10000), with an API key unless insecure. */
public final class GrpcApiServer implements AutoCloseable {
    private final Server server;

    private GrpcApiServer(Server server) {
        this.server = server;
    }

    public static GrpcApiServer start(Node node, String address, int port, String key, boolean insecure,
                                      int historyMaxLimit) throws IOException {
        GrpcApiService service = new GrpcApiService(node, historyMaxLimit);
        var builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port));
        var timing = new ApiTimingInterceptor(node.meters());
        // the key check runs first (interceptors listed last run first), so refused calls are not timed
        builder.addService(insecure ? ServerInterceptors.intercept(service, timing)
                : ServerInterceptors.intercept(service, timing, new ApiKeyInterceptor(key == null ? "" : key)));
        return new GrpcApiServer(builder.build().start());
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
    }
}
