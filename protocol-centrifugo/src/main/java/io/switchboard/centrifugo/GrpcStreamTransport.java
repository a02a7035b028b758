package io.switchboard.centrifugo;

import io.grpc.stub.ServerCallStreamObserver;
import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;

/** A unidirectional client over a gRPC server stream: one gRPC message per push; its end completes the stream. */
final class GrpcStreamTransport extends GrpcTransport {
    GrpcStreamTransport(ServerCallStreamObserver<byte[]> stream, EventLoop loop, String peer) {
        super(stream, loop, peer);
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        if (ended) return;
        if (disconnectPush != null) write(disconnectPush);
        ended = true;
        stream.onCompleted();
    }

    @Override
    public boolean bidirectional() {
        return false;
    }
}
