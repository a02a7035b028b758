package io.switchboard.bench.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler of a generator connection ({@link SubscriberConnector#webSocketPipeline}): it turns the
 * handshake's events and the server's frames into {@link #opened}, {@link #onData} and {@link #failed}.
 * Pings and pongs are left to Netty; a close frame or an exception is a failure. Event loop only.
 */
abstract class ClientWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    Channel channel;

    /** The WebSocket is open: send whatever connects. */
    abstract void opened(Channel ch);

    /** One whole text or binary message (released by the caller). */
    abstract void onData(ChannelHandlerContext ctx, WebSocketFrame frame);

    /** The connection cannot go on; the handler closes it. */
    public abstract void failed(String reason);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            opened(ctx.channel());
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            failed("handshake timeout");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            failed("closed by server: " + close.statusCode() + " " + close.reasonText());
        } else if (!(frame instanceof PingWebSocketFrame) && !(frame instanceof PongWebSocketFrame)) {
            onData(ctx, frame);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
    }
}
