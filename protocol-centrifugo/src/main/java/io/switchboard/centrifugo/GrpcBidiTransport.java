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
final class GrpcBidiTransport extends GrpcTransport {
    static final Metadata.Key<String> DISCONNECT = Metadata.Key.of("disconnect", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> DISCONNECT_CODE = Metadata.Key.of("disconnect-code", Metadata.ASCII_STRING_MARSHALLER);

    GrpcBidiTransport(ServerCallStreamObserver<byte[]> stream, EventLoop loop, String peer) {
        super(stream, loop, peer);
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
    public boolean bidirectional() {
        return true;
    }

    boolean ended() {
        return ended;
    }
}
