package io.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each aggregated HTTP request to its route, upgrading WebSocket routes. */
final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RouterHandler.class);
    private final Router router;

    RouterHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            new HttpExchange(ctx, request).respond(400, "text/plain", "bad request\n");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        Object route = router.find(path);
        if (route instanceof WebSocketRoute ws) {
            upgrade(ctx, request, ws);
        } else if (route instanceof HttpRoute http) {
            HttpExchange exchange = new HttpExchange(ctx, request);
            try {
                http.handle(exchange);
            } catch (Exception e) {
                log.error("route {} failed", path, e);
                exchange.respond(500, "text/plain", "internal server error\n");
            }
        } else {
            new HttpExchange(ctx, request).respond(404, "text/plain", "not found\n");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketRoute route) {
        HttpExchange exchange = new HttpExchange(ctx, request);
        if (!HttpMethod.GET.equals(request.method())
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            exchange.respond(400, "text/plain", "Bad Request: expected a WebSocket upgrade\n");
            return;
        }
        OriginPolicy origins = route.originPolicy();
        if (origins != null && !origins.allows(request.headers().get(HttpHeaderNames.ORIGIN))) {
            log.info("refused WebSocket from origin {}", request.headers().get(HttpHeaderNames.ORIGIN));
            exchange.respond(403, "text/plain", "Forbidden: origin not allowed\n");
            return;
        }
        String subprotocols = route.subprotocols().isEmpty() ? null : String.join(",", route.subprotocols());
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), subprotocols, false,
                route.maxMessageSize());
        WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        var headers = request.headers().copy();
        String uri = request.uri();
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            WebSocketConnection connection = new WebSocketConnection(ctx.channel(), headers, uri,
                    handshaker.selectedSubprotocol());
            var pipeline = ctx.pipeline();
            pipeline.addLast(new WebSocketFrameAggregator(route.maxMessageSize()));
            pipeline.addLast(new WebSocketFrameHandler(connection, route.open(connection)));
            pipeline.remove(this);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
