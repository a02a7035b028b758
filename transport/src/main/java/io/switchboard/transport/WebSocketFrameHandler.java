package io.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands whole WebSocket messages to the protocol's listener and keeps exceptions out of the event loop. */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    private final WebSocketConnection connection;
    private final WebSocketListener listener;
    private boolean closed;

    WebSocketFrameHandler(WebSocketConnection connection, WebSocketListener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            if (frame instanceof CloseWebSocketFrame) {
                connection.peerClosed();
            } else if (connection.isClosing()) {
                return; // what the peer sent before it read our close frame
            } else if (frame instanceof TextWebSocketFrame) {
                listener.onText(frame.content());
            } else if (frame instanceof BinaryWebSocketFrame) {
                listener.onBinary(frame.content());
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof PongWebSocketFrame) {
                listener.onPong();
            }
        } catch (RuntimeException e) {
            log.error("WebSocket listener failed; closing the connection", e);
            connection.close(3004, "internal server error");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            listener.onReadComplete();
        } catch (RuntimeException e) {
            log.error("WebSocket listener failed; closing the connection", e);
            connection.close(3004, "internal server error");
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.released();
        if (!closed) {
            closed = true;
            try {
                listener.onClose();
            } catch (RuntimeException e) {
                log.error("WebSocket listener failed on close", e);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() != null && c.closeStatus().code() == 1009) {
            connection.close(1009, "message too big");
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            connection.close(1002, "protocol error");
        } else {
            log.debug("WebSocket connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
