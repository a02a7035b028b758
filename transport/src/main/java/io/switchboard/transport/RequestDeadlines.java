package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The header-read and idle deadlines of one HTTP connection (see {@link ConnectionLimits}). Sits after the HTTP
 * codec, where heads, request ends and responses are seen; {@link #bytesIn()} sits before it, where the first byte
 * of a head is seen. The header deadline runs from accept, or on a keep-alive connection from the first byte of
 * the next head, and is not moved by later bytes; the idle one from the end of the last response while nothing
 * has arrived since. A request whose head is in and whose answer is not (a held poll, a stream) has neither. An
 * upgraded connection leaves HTTP and these deadlines: its protocol has its own timers.
 */
final class RequestDeadlines extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final byte[] TIMED_OUT = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain\r\n"
            + "content-length: 16\r\nconnection: close\r\n\r\nrequest timeout\n").getBytes(StandardCharsets.US_ASCII);

    private enum Wait { NONE, HEAD, IDLE }

    private final long headNanos;
    private final long idleNanos;
    private final ChannelInboundHandlerAdapter bytesIn = new BytesIn();
    private ChannelHandlerContext ctx;
    private ChannelHandlerContext bytesCtx;
    private boolean started;
    private boolean awaitingHead = true; // the next thing read is a request head
    private boolean served;              // a head was read on this connection: the next waits idle first
    private boolean headStarted;         // bytes of the awaited head have arrived
    private int unanswered;              // heads read minus responses sent
    private boolean upgraded;
    private Wait wait = Wait.NONE;
    private long waitSince;
    private ScheduledFuture<?> check;
    private long checkAt;

    RequestDeadlines(ConnectionLimits limits) {
        this.headNanos = limits.readHeaderTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
    }

    /** The handler that goes before the HTTP codec: it sees the first raw byte of each head. */
    ChannelInboundHandlerAdapter bytesIn() {
        return bytesIn;
    }

    private final class BytesIn extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            bytesCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (awaitingHead && !headStarted && msg instanceof ByteBuf b && b.isReadable()) {
                headStarted = true;
                rearm();
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) start();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) return;
        started = true;
        rearm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            awaitingHead = false;
            headStarted = false;
            served = true;
            unanswered++;
        }
        if (msg instanceof LastHttpContent) awaitingHead = true;
        rearm();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r && r.status().code() < 200) {
            ctx.write(msg, promise); // 100 Continue answers nothing yet
            if (r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) leaveHttp(ctx);
            return;
        }
        if (!(msg instanceof LastHttpContent)) {
            ctx.write(msg, promise);
            return;
        }
        if (promise.isVoid()) {
            answered();
            ctx.write(msg, promise);
        } else {
            // idle from when the answer has left, not from when it was queued behind a slow reader
            ctx.write(msg, promise.addListener(f -> answered()));
        }
    }

    private void answered() {
        if (unanswered > 0) unanswered--;
        rearm();
    }

    private void leaveHttp(ChannelHandlerContext ctx) {
        upgraded = true;
        cancelCheck();
        ctx.pipeline().remove(bytesIn);
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelCheck();
        ctx.fireChannelInactive();
    }

    private Wait waitNow() {
        if (upgraded || !awaitingHead) return Wait.NONE;
        if (!served || headStarted) return headNanos > 0 ? Wait.HEAD : Wait.NONE;
        return unanswered == 0 && idleNanos > 0 ? Wait.IDLE : Wait.NONE;
    }

    /** Called after every change: starts the clock of a new wait, and makes sure a check runs by its deadline. */
    private void rearm() {
        if (!started) return;
        Wait now = waitNow();
        if (now != wait) {
            wait = now;
            waitSince = nanoTime();
        }
        if (wait == Wait.NONE) return; // a pending check finds nothing to do; cheaper than cancelling it
        long deadline = deadline();
        if (check != null && checkAt <= deadline) return;
        cancelCheck();
        schedule(deadline);
    }

    private long deadline() {
        return waitSince + (wait == Wait.HEAD ? headNanos : idleNanos);
    }

    private void schedule(long deadline) {
        checkAt = deadline;
        check = ctx.executor().schedule(this::onCheck, Math.max(0, deadline - nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void onCheck() {
        check = null;
        if (wait == Wait.NONE || !ctx.channel().isActive()) return;
        long deadline = deadline();
        if (nanoTime() < deadline) {
            schedule(deadline);
        } else if (wait == Wait.IDLE) {
            log.debug("closing an idle keep-alive connection from {} (http_server.idle_timeout)", ctx.channel().remoteAddress());
            ctx.close();
        } else if (unanswered == 0) {
            log.debug("no request head from {} in time: 408 (http_server.read_header_timeout)", ctx.channel().remoteAddress());
            bytesCtx.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close(); // an earlier request's answer is still to come: a 408 now would be read as that answer
        }
    }

    private long nanoTime() {
        return ctx.executor().ticker().nanoTime();
    }
}
