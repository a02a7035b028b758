package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * An HTTP response that stays open and carries a stream of messages as chunks (HTTP streaming, Server-Sent
 * Events). Like {@link WebSocketConnection}, writers gather a turn's bytes in {@link #buffer()} and send
 * them as one chunk with {@link #flush()}. Only the event loop may write.
 */
public final class HttpStream {
    private final Channel channel;
    private ByteBuf pending;
    private boolean ended;

    HttpStream(Channel channel) {
        this.channel = channel;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public ByteBuf buffer() {
        if (pending == null) pending = channel.alloc().ioBuffer(512);
        return pending;
    }

    public void flush() {
        ByteBuf out = pending;
        if (out == null) return;
        pending = null;
        if (!out.isReadable() || ended) {
            out.release();
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(out), channel.voidPromise());
    }

    /** Sends what is gathered, ends the response and closes the connection. */
    public void end() {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(this::end);
            return;
        }
        if (ended) return;
        flush();
        ended = true;
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    public void abort() {
        ended = true;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        channel.close();
    }

    public boolean isOpen() {
        return channel.isActive() && !ended;
    }

    public long pendingOutboundBytes() {
        ChannelOutboundBuffer ob = channel.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.totalPendingWriteBytes();
    }

    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    /** Runs once, on the event loop, when the connection is gone (either side closed it). */
    public void onClose(Runnable callback) {
        channel.closeFuture().addListener(f -> {
            if (pending != null) {
                pending.release();
                pending = null;
            }
            callback.run();
        });
    }
}
