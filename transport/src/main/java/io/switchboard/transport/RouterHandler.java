package io.switchboard.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

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
            refuseUnreadable(ctx, request.decoderResult().cause());
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

    /**
     * The decoder gave up on this request: a header or the request line over its limit, or garbage. It drops
     * whatever follows on the connection, so the answer says so and the connection closes.
     */
    private static void refuseUnreadable(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : HttpResponseStatus.BAD_REQUEST;
        byte[] body = (status.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        log.debug("refused an unreadable request from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
