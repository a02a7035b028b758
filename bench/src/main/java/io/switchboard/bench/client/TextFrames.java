package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.bench.payload.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** What the text-frame protocols share: byte tests on a frame, reading an id, building and sending frames. */
final class TextFrames {
    private TextFrames() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The frame's text content, or null after reporting a non-text frame as a failure. */
    static ByteBuf textOrFail(WebSocketFrame frame, SessionEvents events) {
        return textOrFail(frame, (Consumer<String>) events::failed);
    }

    /** The same for a publisher connection. */
    static ByteBuf textOrFail(WebSocketFrame frame, ClientPublishing.Replies replies) {
        return textOrFail(frame, (Consumer<String>) replies::failed);
    }

    private static ByteBuf textOrFail(WebSocketFrame frame, Consumer<String> failed) {
        if (frame instanceof TextWebSocketFrame) return frame.content();
        failed.accept("unexpected " + frame.getClass().getSimpleName());
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

    /** The decimal number right after {@code prefix} at {@code from}, or -1 when the line does not start so. */
    static long numberAfter(ByteBuf buf, int from, int to, byte[] prefix) {
        if (!Bytes.startsWith(buf, from, to, prefix)) return -1;
        int at = from + prefix.length;
        int digits = Bytes.digitsAt(buf, at, to);
        return digits == 0 ? -1 : Bytes.parse(buf, at, digits);
    }

    /** {@code head}, then {@code data} (released), then {@code tail}, as one text frame. */
    static TextWebSocketFrame textFrame(String head, ByteBuf data, String tail) {
        ByteBuf out = data.alloc().buffer(head.length() + data.readableBytes() + tail.length());
        out.writeCharSequence(head, StandardCharsets.UTF_8);
        out.writeBytes(data);
        data.release();
        out.writeCharSequence(tail, StandardCharsets.UTF_8);
        return new TextWebSocketFrame(out);
    }

    static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }

    static void send(Channel ch, String text) {
        ch.writeAndFlush(new TextWebSocketFrame(text));
    }
}
