package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import static io.switchboard.bench.client.TextFrames.ascii;
import static io.switchboard.bench.client.TextFrames.isExactly;
import static io.switchboard.bench.client.TextFrames.send;
import static io.switchboard.bench.client.TextFrames.startsWith;

/**
 * SocketCluster's protocol (JSON, {@code /socketcluster/}): {@code #handshake} as cid 1, then, once its
 * reply ({@code {"rid":1,…}}) arrives, {@code #subscribe} as cid 2; the subscription counts on {@code {"rid":2}}
 * without an error. Deliveries are {@code {"event":"#publish","data":{"channel":…,"data":…}}}. Pings are
 * answered in the version the server pings in: an empty frame with an empty one (protocol v2, the default of
 * socketcluster-server 15+), {@code #1} with {@code #2} (v1).
 */
public final class SocketCluster implements Protocol {
    private static final byte[] PUBLISH = ascii("{\"event\":\"#publish\"");
    private static final byte[] HANDSHAKE_REPLY = ascii("{\"rid\":1,");
    private static final byte[] SUBSCRIBE_REPLY = ascii("{\"rid\":2");
    private static final byte[] ERROR = ascii("\"error\":");
    private static final byte[] PING_V1 = ascii("#1");
    private static final byte[] DISCONNECT = ascii("{\"event\":\"#disconnect\"");
    private static final byte[] RID = ascii("{\"rid\":");
    private static final ClientPublishing PUBLISHING = new Publishing();

    @Override
    public String name() {
        return "socketcluster";
    }

    @Override
    public String path() {
        return "/socketcluster/";
    }

    @Override
    public ProtocolSession newSession(String channel) {
        return new Session(channel);
    }

    @Override
    public ClientPublishing publishing() {
        return PUBLISHING;
    }

    static final String HANDSHAKE = "{\"event\":\"#handshake\",\"data\":{},\"cid\":1}";

    static String subscribe(String channel) {
        return "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"" + channel + "\"},\"cid\":2}";
    }

    /** {@code #publish} invoked with a cid, answered {@code {"rid":N}} or with an error; after {@code #handshake}. */
    private static final class Publishing implements ClientPublishing {
        @Override
        public WebSocketFrame hello() {
            return new TextWebSocketFrame(HANDSHAKE);
        }

        @Override
        public WebSocketFrame publish(long id, String channel, ByteBuf data) {
            return TextFrames.textFrame("{\"event\":\"#publish\",\"data\":{\"channel\":\"" + channel + "\",\"data\":", data,
                    "},\"cid\":" + id + "}");
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, Replies replies) {
            ByteBuf buf = TextFrames.textOrFail(frame, replies);
            if (buf == null) return;
            long rid = TextFrames.numberAfter(buf, buf.readerIndex(), buf.writerIndex(), RID);
            boolean error = TextFrames.contains(buf, ERROR);
            if (!buf.isReadable()) {
                send(ch, "");
            } else if (isExactly(buf, PING_V1)) {
                send(ch, "#2");
            } else if (rid == 1) {
                if (error) replies.failed(TextFrames.text(buf));
                else replies.ready();
            } else if (rid > 1) {
                replies.answered(rid, error ? TextFrames.text(buf) : null);
            } else if (startsWith(buf, DISCONNECT)) {
                replies.failed(TextFrames.text(buf));
            }
        }
    }

    private static final class Session implements ProtocolSession {
        private final String channel;

        Session(String channel) {
            this.channel = channel;
        }

        @Override
        public void start(Channel ch) {
            send(ch, HANDSHAKE);
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, SessionEvents events) {
            ByteBuf buf = TextFrames.textOrFail(frame, events);
            if (buf == null) return;
            if (startsWith(buf, PUBLISH)) {
                events.publication(buf, buf.readerIndex(), buf.writerIndex());
            } else if (!buf.isReadable()) {
                send(ch, "");
            } else if (isExactly(buf, PING_V1)) {
                send(ch, "#2");
            } else if (TextFrames.contains(buf, ERROR) || startsWith(buf, DISCONNECT)) {
                events.failed(TextFrames.text(buf));
            } else if (startsWith(buf, HANDSHAKE_REPLY)) {
                send(ch, subscribe(channel));
            } else if (startsWith(buf, SUBSCRIBE_REPLY)) {
                events.subscribed();
            }
        }
    }
}
