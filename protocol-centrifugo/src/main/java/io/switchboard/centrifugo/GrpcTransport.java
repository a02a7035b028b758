package io.switchboard.centrifugo;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.channel.EventLoop;

/**
 * A client over a gRPC server stream, one gRPC message per message written. gRPC buffers what the peer has not
 * taken without bound, so bytes sent while the stream is not ready are counted and, past the queue limit, the
 * client is treated as slow. Subclasses say how the stream ends.
 */
abstract class GrpcTransport implements ClientTransport {
    protected final ServerCallStreamObserver<byte[]> stream;
    private final EventLoop loop;
    private final String peer;
    private long unreadyBytes;
    protected boolean ended;

    GrpcTransport(ServerCallStreamObserver<byte[]> stream, EventLoop loop, String peer) {
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
    public boolean emulated() {
        return false;
    }
}
