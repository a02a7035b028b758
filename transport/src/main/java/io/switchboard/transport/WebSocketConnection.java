package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket as protocols see it. Writers append messages to {@link #buffer()} and call {@link #flush()}
 * once per turn, so everything gathered in that turn leaves as one frame; protocols that need one frame per
 * message use {@link #sendFrame} instead, and the turn's frames still leave in one write. Only the event loop
 * may write.
 */
public final class WebSocketConnection {
    private static final int MAX_REASON_BYTES = 123;
    /** How long a closing socket may go without the peer taking a byte before it is dropped. */
    static final long CLOSE_GRACE_MILLIS = StalledPeer.GRACE_MILLIS;

    private final Channel channel;
    private HttpHeaders headers; // the handshake's, kept only while the route opens the connection
    private QueryStringDecoder query;
    private final String subprotocol;
    private ByteBuf pending;
    private boolean binary;
    private boolean closing;
    private boolean closeSent; // our close frame has left
    private boolean peerClosed; // the peer's close frame came
    private boolean unflushed;

    WebSocketConnection(Channel channel, HttpHeaders headers, String uri, String subprotocol) {
        this.channel = channel;
        this.headers = headers;
        this.query = new QueryStringDecoder(uri);
        this.subprotocol = subprotocol;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** The negotiated subprotocol, or null. */
    public String subprotocol() {
        return subprotocol;
    }

    /** A header of the handshake request; only while the route's {@code open} runs (null after). */
    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }

    /** A query parameter of the handshake request; only while the route's {@code open} runs (null after). */
    public String queryParam(String name) {
        if (query == null) return null;
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Drops the handshake's headers and query: an idle connection should not carry them for its whole life. */
    void opened() {
        headers = null;
        query = null;
    }

    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    /** Frames from now on are binary (true) or text (false). */
    public void binaryFrames(boolean value) {
        this.binary = value;
    }

    /** The connection's (pooled) buffer allocator, for frames handed to {@link #sendFrame}. */
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** The frame being gathered in this turn; allocated on first use. */
    public ByteBuf buffer() {
        if (pending == null) pending = channel.alloc().ioBuffer(512);
        return pending;
    }

    public boolean hasPending() {
        return pending != null && pending.isReadable();
    }

    /**
     * Queues one whole frame (after anything gathered in {@link #buffer()}); it leaves with the turn's
     * {@link #flush()}. Takes ownership of {@code content}.
     */
    public void sendFrame(ByteBuf content, boolean binaryFrame) {
        if (closing) {
            content.release();
            return;
        }
        writePending();
        channel.write(binaryFrame ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content), channel.voidPromise());
        unflushed = true;
    }

    /**
     * Queues a frame encoded once for many connections (after anything gathered in {@link #buffer()}); it
     * leaves with the turn's {@link #flush()}, written from the shared bytes without a copy.
     */
    public void sendShared(SharedFrame frame) {
        if (closing) return;
        writePending();
        channel.write(frame.retainedFrame(), channel.voidPromise()); // already a frame: the encoder lets it pass
        unflushed = true;
    }

    /** A ping control frame, after what this turn gathered; the peer's pong reaches {@link WebSocketListener#onPong}. */
    public void ping() {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(this::ping);
            return;
        }
        if (closing) return;
        writePending();
        channel.write(new PingWebSocketFrame());
        unflushed = true;
        flush();
    }

    /** Sends what this turn gathered as one frame, and every frame queued with {@link #sendFrame}. */
    public void flush() {
        writePending();
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    private void writePending() {
        ByteBuf out = pending;
        if (out == null) return;
        pending = null;
        if (!out.isReadable() || closing) {
            out.release();
            return;
        }
        channel.write(binary ? new BinaryWebSocketFrame(out) : new TextWebSocketFrame(out), channel.voidPromise());
        unflushed = true;
    }

    public boolean isOpen() {
        return channel.isActive() && !closing;
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes written but not yet taken by the kernel. */
    public long pendingOutboundBytes() {
        ChannelOutboundBuffer ob = channel.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.totalPendingWriteBytes();
    }

    /**
     * Sends what is gathered, then a close frame with this code and reason, then waits for the peer's close
     * frame before closing the socket; drops it when the peer takes nothing for {@link #CLOSE_GRACE_MILLIS}
     * (see {@link StalledPeer}) or does not answer within that time.
     */
    public void close(int code, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(code, reason));
            return;
        }
        if (closing) return;
        flush();
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)))
                .addListener(f -> closeFrameSent(f.isSuccess()));
        if (channel.isOpen()) StalledPeer.watch(channel.eventLoop(), this::pendingOutboundBytes, this::abort, CLOSE_GRACE_MILLIS);
    }

    /**
     * Our close frame has left. Closing the socket now would answer whatever the peer sent meanwhile with a
     * reset, and a reset can discard the close frame on the peer's side before it reads it (a client then
     * sees 1006, not our code). So only our half closes; what still comes is read and dropped until the
     * peer's close frame or end of stream, or the grace runs out.
     */
    private void closeFrameSent(boolean sent) {
        closeSent = true;
        if (!sent || peerClosed || !(channel instanceof DuplexChannel duplex)) {
            channel.close();
            return;
        }
        duplex.shutdownOutput();
        var deadline = channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false)); // a prompt peer does not hold it for the grace
    }

    /** Whether a close was started here; frames that come after it are dropped. */
    boolean isClosing() {
        return closing;
    }

    /** The peer's close frame came: answers it with one of our own, or ends the handshake we started. */
    void peerClosed() {
        peerClosed = true;
        if (!closing) {
            closing = true;
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (closeSent) {
            channel.close();
        }
    }

    /** Drops the socket without a close frame (for a peer that stopped reading). */
    public void abort() {
        closing = true;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        channel.close();
    }

    void released() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) return reason;
        return new String(bytes, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8);
    }
}
