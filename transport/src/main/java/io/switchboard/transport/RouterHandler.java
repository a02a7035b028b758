package io.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
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
            } finally {
                exchange.endOfHandle();
            }
        } else {
            new HttpExchange(ctx, request).respond(404, "text/plain", "not found\n");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketRoute route) {
        HttpExchange exchange = new HttpExchange(ctx, request);
        if (!WebSocketUpgrade.isUpgrade(request)) {
            exchange.respond(400, "text/plain", "Bad Request: expected a WebSocket upgrade\n");
            return;
        }
        OriginPolicy origins = route.originPolicy();
        if (origins != null && !origins.allows(request.headers().get(HttpHeaderNames.ORIGIN))) {
            log.info("refused WebSocket from origin {}", request.headers().get(HttpHeaderNames.ORIGIN));
            exchange.respond(403, "text/plain", "Forbidden: origin not allowed\n");
            return;
        }
        WebSocketUpgrade.perform(ctx, request, route.subprotocols(), route.maxMessageSize(), route::open);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
