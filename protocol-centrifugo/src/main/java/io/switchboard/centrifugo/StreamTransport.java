package io.switchboard.centrifugo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.HttpStream;

import java.nio.charset.StandardCharsets;

/**
 * A client over a long HTTP response: newline-delimited JSON, concatenated length-prefixed Protobuf, or
 * Server-Sent Events (one {@code data:} event per message). A disconnect is a disconnect push followed by
 * the end of the response, since there is no close frame to carry the code.
 */
final class StreamTransport implements ClientTransport {
    enum Framing { LINES, CONCAT, SSE }

    private static final byte[] SSE_DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 64 * 1024;

    private final HttpStream stream;
    private final Framing framing;
    private final boolean bidirectional;

    /** The request's headers some proxy forwards (lower-case names), kept for the connection's proxy calls. */
    private final java.util.Map<String, String> headers;

    StreamTransport(HttpStream stream, Framing framing, boolean bidirectional, java.util.Map<String, String> headers) {
        this.stream = stream;
        this.framing = framing;
        this.bidirectional = bidirectional;
        this.headers = headers;
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public EventLoop eventLoop() {
        return stream.eventLoop();
    }

    @Override
    public void write(byte[] message) {
        ByteBuf buf = stream.buffer();
        switch (framing) {
            case LINES -> buf.writeBytes(message).writeByte('\n');
            case CONCAT -> buf.writeBytes(message);
            case SSE -> buf.writeBytes(SSE_DATA).writeBytes(message).writeByte('\n').writeByte('\n');
        }
        if (buf.readableBytes() >= FLUSH_AT) stream.flush();
    }

    @Override
    public void flush() {
        stream.flush();
    }

    @Override
    public long pendingOutboundBytes() {
        return stream.pendingOutboundBytes();
    }

    @Override
    public void close(Disconnect disconnect, byte[] disconnectPush) {
        if (disconnectPush != null && stream.isOpen()) write(disconnectPush);
        stream.end();
    }

    @Override
    public void abort() {
        stream.abort();
    }

    @Override
    public String remoteAddress() {
        return stream.remoteAddress();
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public boolean emulated() {
        return bidirectional;
    }
}
