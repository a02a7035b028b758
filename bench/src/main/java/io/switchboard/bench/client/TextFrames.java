package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.bench.payload.Bytes;

import java.nio.charset.StandardCharsets;

/** What the text-frame protocols (Socket.IO, Pusher, SocketCluster) share: byte tests on a frame and sending. */
final class TextFrames {
    private TextFrames() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The frame's text content, or null after reporting a non-text frame as a failure. */
    static ByteBuf textOrFail(WebSocketFrame frame, SessionEvents events) {
        if (frame instanceof TextWebSocketFrame) return frame.content();
        events.failed("unexpected " + frame.getClass().getSimpleName());
        return null;
    }

    static boolean startsWith(ByteBuf buf, byte[] prefix) {
        return Bytes.startsWith(buf, buf.readerIndex(), buf.writerIndex(), prefix);
    }

    static boolean contains(ByteBuf buf, byte[] needle) {
        return Bytes.indexOf(buf, buf.readerIndex(), buf.writerIndex(), needle) >= 0;
    }

    static boolean isExactly(ByteBuf buf, byte[] text) {
        return buf.readableBytes() == text.length && startsWith(buf, text);
    }

    static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }

    static void send(Channel ch, String text) {
        ch.writeAndFlush(new TextWebSocketFrame(text));
    }
}
