package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pusher's HTTP API: {@code POST /apps/{id}/events} with {@code {"name":"message","channels":[…],"data":"…"}}
 * (the data a JSON string), signed: {@code auth_signature} is the hex HMAC-SHA256, keyed with the app secret,
 * of {@code POST\n<path>\n<sorted query without auth_signature>}, the query including the body's MD5.
 */
public final class PusherApiRequests implements PublishRequests {
    public static final String EVENT = "message";

    private final String appId;
    private final String key;
    private final SecretKeySpec secret;

    public PusherApiRequests(String appId, String key, String secret) {
        this.appId = appId;
        this.key = key;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    @Override
    public FullHttpRequest request(ByteBufAllocator alloc, String channel, ByteBuf data) {
        byte[] body;
        try {
            body = body(channel, data);
        } finally {
            data.release();
        }
        String uri = signedUri(body, System.currentTimeMillis() / 1000);
        ByteBuf content = alloc.buffer(body.length).writeBytes(body);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, content);
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }

    @Override
    public String refusal(FullHttpResponse response) {
        return response.status().code() == 200 ? null
                : response.status() + " " + response.content().toString(StandardCharsets.UTF_8);
    }

    /** The event body, with {@code data} (JSON text) escaped into a JSON string. */
    static byte[] body(String channel, ByteBuf data) {
        StringBuilder out = new StringBuilder(data.readableBytes() + 64 + channel.length());
        out.append("{\"name\":\"").append(EVENT).append("\",\"channels\":[\"").append(channel).append("\"],\"data\":\"");
        for (int i = data.readerIndex(); i < data.writerIndex(); i++) {
            char c = (char) (data.getByte(i) & 0xff);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append("\"}").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Path and query of the signed request; {@code timestamp} in Unix seconds. */
    String signedUri(byte[] body, long timestamp) {
        String path = "/apps/" + appId + "/events";
        // Already in key order: auth_key < auth_timestamp < auth_version < body_md5.
        String query = "auth_key=" + key + "&auth_timestamp=" + timestamp + "&auth_version=1.0&body_md5=" + md5Hex(body);
        return path + "?" + query + "&auth_signature=" + hmacHex("POST\n" + path + "\n" + query);
    }

    private String hmacHex(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
