package io.switchboard.centrifugo;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;

/**
 * A unidirectional client over a gRPC server stream: one gRPC message per push. gRPC buffers what the peer
 * has not taken without bound, so bytes sent while the stream is not ready are counted and, past the
 * queue limit, the client is treated as slow.
 */
final class GrpcStreamTransport implements ClientTransport {
    private final ServerCallStreamObserver<byte[]> stream;
    private final EventLoop loop;
    private final String peer;
    private long unreadyBytes;
    private boolean ended;

    GrpcStreamTransport(ServerCallStreamObserver<byte[]> stream, EventLoop loop, String peer) {
        this.stream = stream;
        this.loop = loop;
        this.peer = peer;
        stream.setOnReadyHandler(() -> loop.execute(() -> unreadyBytes = 0));
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void write(byte[] message) {
        if (ended) return;
        if (!stream.isReady()) unreadyBytes += message.length;
        stream.onNext(message);
    }

    @Override
    public void flush() {
        // gRPC sends each message as it is written
    }

    @Override
    public long pendingOutboundBytes() {
        return unreadyBytes;
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        if (ended) return;
        if (disconnectPush != null) write(disconnectPush);
        ended = true;
        stream.onCompleted();
    }

    @Override
    public void abort() {
        if (ended) return;
        ended = true;
        stream.onError(Status.CANCELLED.withDescription("slow consumer").asRuntimeException());
    }

    @Override
    public String remoteAddress() {
        return peer;
    }

    @Override
    public boolean bidirectional() {
        return false;
    }

    @Override
    public boolean emulated() {
        return false;
    }
}
