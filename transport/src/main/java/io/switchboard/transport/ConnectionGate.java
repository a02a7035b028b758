package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The first handler of a connection: counts it in {@link OpenConnections}, or, when the server holds its maximum,
 * answers 503 with {@code connection: close} before reading anything and closes. Leaves the pipeline once the
 * connection is let in; its close uncounts it.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);
    private static final byte[] FULL = ("HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\n"
            + "content-length: 21\r\nconnection: close\r\n\r\ntoo many connections\n").getBytes(StandardCharsets.US_ASCII);

    private final OpenConnections connections;
    private boolean judged;
    private boolean refused;

    ConnectionGate(OpenConnections connections) {
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) judge(ctx, false);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        judge(ctx, true);
    }

    private void judge(ChannelHandlerContext ctx, boolean fireActive) {
        if (judged) return;
        judged = true;
        if (!connections.tryOpen()) {
            refused = true;
            log.debug("refused a connection from {}: {} connections open (http_server.max_connections)",
                    ctx.channel().remoteAddress(), connections.count());
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(FULL)).addListener(ChannelFutureListener.CLOSE);
            return; // the handlers behind never hear of it: no deadlines to start for a connection already closing
        }
        ctx.channel().closeFuture().addListener(f -> connections.closed());
        if (fireActive) ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) io.netty.util.ReferenceCountUtil.release(msg);
        else ctx.fireChannelRead(msg);
    }
}
