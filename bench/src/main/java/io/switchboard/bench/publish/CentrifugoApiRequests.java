package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Centrifugo's server API as Switchboard serves it, and as every peer in {@code bench/peers} but Soketi
 * mimics it: {@code POST /api/publish} {@code {"channel":…,"data":…}}, accepted when the answer holds a
 * {@code result}.
 */
public final class CentrifugoApiRequests implements PublishRequests {
    private final String apiKey;

    /** @param apiKey sent as {@code X-API-Key}, or null for a server without one */
    public CentrifugoApiRequests(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public FullHttpRequest request(ByteBufAllocator alloc, String channel, ByteBuf data) {
        CompositeByteBuf body = alloc.compositeBuffer(3);
        body.addComponent(true, ascii(alloc, "{\"channel\":\"" + channel + "\",\"data\":"));
        body.addComponent(true, data);
        body.addComponent(true, ascii(alloc, "}"));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/publish", body);
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (apiKey != null) request.headers().set("X-API-Key", apiKey);
        return request;
    }

    @Override
    public String refusal(FullHttpResponse response) {
        String body = response.content().toString(StandardCharsets.UTF_8);
        return response.status().code() == 200 && body.contains("\"result\"") ? null : response.status() + " " + body;
    }

    static ByteBuf ascii(ByteBufAllocator alloc, String s) {
        ByteBuf buf = alloc.buffer(s.length());
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        return buf;
    }
}
