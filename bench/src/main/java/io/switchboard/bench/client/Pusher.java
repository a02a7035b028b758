package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import static io.switchboard.bench.client.TextFrames.ascii;
import static io.switchboard.bench.client.TextFrames.contains;
import static io.switchboard.bench.client.TextFrames.send;
import static io.switchboard.bench.client.TextFrames.startsWith;

/**
 * Pusher Channels protocol 7 ({@code /app/{key}?protocol=7&client=js&version=8.4.0&flash=false}). After
 * {@code pusher:connection_established} it sends {@code pusher:subscribe}; the subscription counts on
 * {@code pusher_internal:subscription_succeeded}. Deliveries are {@code {"event":…,"channel":…,"data":"<string>"}}
 * (the data a JSON string, so the benchmark message inside is escaped); {@code pusher:ping} is answered with
 * {@code pusher:pong}. Frames are told apart by their event name, which every server writes first.
 */
public final class Pusher implements Protocol {
    private static final byte[] INTERNAL = ascii("{\"event\":\"pusher");
    private static final byte[] ESTABLISHED = ascii("\"pusher:connection_established\"");
    private static final byte[] SUCCEEDED = ascii("\"pusher_internal:subscription_succeeded\"");
    private static final byte[] PING = ascii("\"pusher:ping\"");
    private static final byte[] ERROR = ascii("\"pusher:error\"");
    private static final byte[] SUBSCRIPTION_ERROR = ascii("\"pusher:subscription_error\"");

    private final String key;

    public Pusher(String key) {
        this.key = key;
    }

    @Override
    public String name() {
        return "pusher";
    }

    @Override
    public String path() {
        return "/app/" + key + "?protocol=7&client=js&version=8.4.0&flash=false";
    }

    @Override
    public ProtocolSession newSession(String channel) {
        return new Session(channel);
    }

    static String subscribe(String channel) {
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}";
    }

    private static final class Session implements ProtocolSession {
        private final String channel;

        Session(String channel) {
            this.channel = channel;
        }

        @Override
        public void start(Channel ch) {
            // The server speaks first: pusher:connection_established.
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, SessionEvents events) {
            ByteBuf buf = TextFrames.textOrFail(frame, events);
            if (buf == null) return;
            if (!startsWith(buf, INTERNAL)) {
                events.publication(buf, buf.readerIndex(), buf.writerIndex());
            } else if (contains(buf, PING)) {
                send(ch, "{\"event\":\"pusher:pong\",\"data\":{}}");
            } else if (contains(buf, ESTABLISHED)) {
                send(ch, subscribe(channel));
            } else if (contains(buf, SUCCEEDED)) {
                events.subscribed();
            } else if (contains(buf, ERROR) || contains(buf, SUBSCRIPTION_ERROR)) {
                events.failed(TextFrames.text(buf));
            }
        }
    }
}
