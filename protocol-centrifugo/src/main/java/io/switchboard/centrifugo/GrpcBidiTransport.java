package io.switchboard.centrifugo;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;

/**
 * A protocol v1 client over the bidirectional gRPC stream {@code proto.Centrifuge/Communicate}: one Reply per gRPC
 * message. A disconnect ends the stream as Centrifuge did: the {@code disconnect} trailer carries the v1 advice
 * {@code {"reason","reconnect"}} (and {@code disconnect-code} ours, the code a WebSocket close frame has); status OK,
 * except INVALID_ARGUMENT for a bad request. Bytes written while the stream is not ready are counted, so past the
 * queue limit the client is slow, as on the unidirectional stream.
 */
final class GrpcBidiTransport implements ClientTransport {
    static final Metadata.Key<String> DISCONNECT = Metadata.Key.of("disconnect", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> DISCONNECT_CODE = Metadata.Key.of("disconnect-code", Metadata.ASCII_STRING_MARSHALLER);

    private final ServerCallStreamObserver<byte[]> stream;
    private final EventLoop loop;
    private final String peer;
    private long unreadyBytes;
    private boolean ended;

    GrpcBidiTransport(ServerCallStreamObserver<byte[]> stream, EventLoop loop, String peer) {
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

    /** {@code disconnect.reason()} is already the v1 advice JSON (the codec's close reason). */
    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        if (ended) return;
        ended = true;
        Metadata trailers = new Metadata();
        trailers.put(DISCONNECT, ascii(disconnect.reason()));
        trailers.put(DISCONNECT_CODE, Integer.toString(disconnect.code()));
        Status status = disconnect.code() == Disconnect.BAD_REQUEST.code()
                ? Status.INVALID_ARGUMENT.withDescription("bad request") : Status.OK;
        // the stub closes the call with the status and trailers of the exception, OK included
        stream.onError(status.asRuntimeException(trailers));
    }

    @Override
    public void abort() {
        if (ended) return;
        ended = true;
        stream.onError(Status.CANCELLED.withDescription("slow consumer").asRuntimeException());
    }

    /** Metadata values are ASCII: anything else in a reason is escaped as JSON would. */
    private static String ascii(String json) {
        StringBuilder b = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(json.length() + 16).append(json, 0, i);
            b.append(String.format("\\u%04x", (int) c));
        }
        return b == null ? json : b.toString();
    }

    @Override
    public String remoteAddress() {
        return peer;
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public boolean emulated() {
        return false;
    }

    boolean ended() {
        return ended;
    }
}
