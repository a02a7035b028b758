package io.switchboard.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One HTTP request and its single response. The body is copied out of Netty's buffer up front, so a route
 * may answer later from any thread.
 */
public final class HttpExchange {
    private final ChannelHandlerContext ctx;
    private final String method;
    private final String uri;
    private final HttpHeaders headers;
    private final QueryStringDecoder query;
    private final byte[] body;
    private final boolean keepAlive;
    private final AtomicBoolean answered = new AtomicBoolean();
    private FullHttpRequest request; // only while the route's handle() runs: what a WebSocket upgrade needs

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
        this.ctx = ctx;
        this.request = request;
        this.method = request.method().name();
        this.uri = request.uri();
        this.headers = request.headers().copy();
        this.query = new QueryStringDecoder(request.uri());
        this.body = ByteBufUtil.getBytes(request.content());
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    public String method() {
        return method;
    }

    public String path() {
        return query.path();
    }

    public String uri() {
        return uri;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String queryParam(String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public byte[] body() {
        return body;
    }

    /** Every header, names in lower case, the first value of each. */
    public Map<String, String> headers() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) out.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
        return out;
    }

    /** Every query parameter with its first value, in request order. */
    public Map<String, String> queryParams() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        query.parameters().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    /** The event loop of the connection this request arrived on. */
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** Whether this request asks for a WebSocket upgrade (a GET with {@code Upgrade: websocket}). */
    public boolean isWebSocketUpgrade() {
        return request != null && WebSocketUpgrade.isUpgrade(request);
    }

    /**
     * Accepts the WebSocket this request asks for. Only valid while the route's {@code handle} runs and only
     * when {@link #isWebSocketUpgrade()}; {@code open} is called on the connection's event loop once the
     * handshake is done.
     */
    public void acceptWebSocket(int maxMessageSize, Function<WebSocketConnection, WebSocketListener> open) {
        if (request == null || !WebSocketUpgrade.isUpgrade(request)) throw new IllegalStateException("not an upgrade request");
        if (!answered.compareAndSet(false, true)) throw new IllegalStateException("already answered");
        WebSocketUpgrade.perform(ctx, request, List.of(), maxMessageSize, open);
    }

    /**
     * Runs once, on the event loop, when the connection this request arrived on closes; the returned handle
     * removes the callback (keep-alive connections carry many requests, each must not leave one behind).
     */
    public Runnable onConnectionClose(Runnable callback) {
        io.netty.channel.ChannelFutureListener listener = f -> callback.run();
        ctx.channel().closeFuture().addListener(listener);
        return () -> ctx.channel().closeFuture().removeListener(listener);
    }

    public boolean isAnswered() {
        return answered.get();
    }

    void endOfHandle() {
        request = null;
    }

    public String remoteAddress() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    public void respond(int status, String contentType, byte[] content) {
        respond(status, contentType, content, Map.of());
    }

    public void respond(int status, String contentType, String content) {
        respond(status, contentType, content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public void respond(int status, String contentType, String content, Map<String, String> extraHeaders) {
        respond(status, contentType, content.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    /**
     * Answers with the status and headers now and keeps the response open as a chunked stream. The
     * connection is not reused for further requests: it ends with the stream.
     */
    public HttpStream stream(int status, Map<String, String> headers) {
        if (!answered.compareAndSet(false, true)) throw new IllegalStateException("already answered");
        var response = new io.netty.handler.codec.http.DefaultHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status));
        headers.forEach(response.headers()::set);
        HttpUtil.setTransferEncodingChunked(response, true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response);
        return new HttpStream(ctx.channel());
    }

    public void respond(int status, String contentType, byte[] content, Map<String, String> extraHeaders) {
        if (!answered.compareAndSet(false, true)) return;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(content));
        HttpHeaders h = response.headers();
        if (contentType != null) h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
        extraHeaders.forEach(h::set);
        if (keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            // say so: a keep-alive client pool (Node's agent) would otherwise reuse the socket and find it closed
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
