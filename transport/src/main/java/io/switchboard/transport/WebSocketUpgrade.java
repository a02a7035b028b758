package io.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import java.util.List;
import java.util.function.Function;

/** The WebSocket handshake on an aggregated request, shared by WebSocket routes and HTTP routes that upgrade. */
final class WebSocketUpgrade {
    private WebSocketUpgrade() {
    }

    static boolean isUpgrade(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** Answers the handshake, then swaps the HTTP handlers for WebSocket ones that feed {@code open}'s listener. */
    static void perform(ChannelHandlerContext ctx, FullHttpRequest request, List<String> subprotocols, int maxMessageSize,
                        Function<WebSocketConnection, WebSocketListener> open) {
        String offered = subprotocols.isEmpty() ? null : String.join(",", subprotocols);
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), offered, false, maxMessageSize);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        var headers = request.headers().copy();
        String uri = request.uri();
        var pipeline = ctx.pipeline();
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            WebSocketConnection connection = new WebSocketConnection(ctx.channel(), headers, uri,
                    handshaker.selectedSubprotocol());
            pipeline.addLast(new WebSocketFrameAggregator(maxMessageSize));
            WebSocketListener listener = open.apply(connection);
            connection.opened();
            pipeline.addLast(new WebSocketFrameHandler(connection, listener));
            pipeline.remove(RouterHandler.class);
        });
    }
}
