package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.bench.payload.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Centrifugo's JSON protocol over bidirectional WebSocket. Connect and subscribe leave in one frame (commands
 * are newline-delimited, as centrifuge-js batches them); replies and pushes arrive newline-delimited, several
 * per frame. Lines are classified by their first bytes instead of being parsed: the server writes {@code id}
 * first in replies and {@code push} first in pushes.
 */
public final class CentrifugoJson implements Protocol {
    private static final byte[] PUSH = ascii("{\"push\":");
    private static final byte[] PUB = ascii("\"pub\":");
    private static final byte[] ERROR = ascii("\"error\":");
    private static final byte[] DISCONNECT = ascii("\"disconnect\":");
    private static final byte[] SUBSCRIBE_REPLY = ascii("{\"id\":2,");
    private static final byte[] REPLY_ID = ascii("{\"id\":");
    private static final ClientPublishing PUBLISHING = new Publishing();

    @Override
    public String name() {
        return "centrifugo-json";
    }

    @Override
    public String path() {
        return "/connection/websocket";
    }

    @Override
    public ProtocolSession newSession(String channel) {
        return new Session(channel);
    }

    @Override
    public ClientPublishing publishing() {
        return PUBLISHING;
    }

    /** {@code {"id":N,"publish":{"channel":…,"data":…}}}, answered {@code {"id":N,"publish":{}}} or with an error. */
    private static final class Publishing implements ClientPublishing {
        @Override
        public WebSocketFrame hello() {
            return new TextWebSocketFrame("{\"id\":1,\"connect\":{}}");
        }

        @Override
        public WebSocketFrame publish(long id, String channel, ByteBuf data) {
            return TextFrames.textFrame("{\"id\":" + id + ",\"publish\":{\"channel\":\"" + channel + "\",\"data\":", data, "}}");
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, Replies replies) {
            ByteBuf buf = TextFrames.textOrFail(frame, replies);
            if (buf == null) return;
            int end = buf.writerIndex();
            for (int from = buf.readerIndex(); from < end; ) {
                int nl = buf.indexOf(from, end, (byte) '\n');
                int to = nl < 0 ? end : nl;
                if (to - from == 2 && buf.getByte(from) == '{' && buf.getByte(from + 1) == '}') {
                    ch.writeAndFlush(new TextWebSocketFrame("{}"));
                } else if (to > from) {
                    reply(buf, from, to, replies);
                }
                from = to + 1;
            }
        }

        private static void reply(ByteBuf buf, int from, int to, Replies replies) {
            long id = TextFrames.numberAfter(buf, from, to, REPLY_ID);
            boolean error = Bytes.indexOf(buf, from, to, ERROR) >= 0;
            String text = error || id < 0 ? buf.toString(from, to - from, StandardCharsets.UTF_8) : null;
            if (id == 1) {
                if (error) replies.failed(text);
                else replies.ready();
            } else if (id > 1) {
                replies.answered(id, error ? text : null);
            } else if (Bytes.indexOf(buf, from, to, DISCONNECT) >= 0) {
                replies.failed(text);
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
            ch.writeAndFlush(new TextWebSocketFrame(
                    "{\"connect\":{},\"id\":1}\n{\"subscribe\":{\"channel\":\"" + channel + "\"},\"id\":2}"));
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, SessionEvents events) {
            if (!(frame instanceof TextWebSocketFrame)) {
                events.failed("unexpected " + frame.getClass().getSimpleName());
                return;
            }
            ByteBuf buf = frame.content();
            int end = buf.writerIndex();
            int from = buf.readerIndex();
            boolean pinged = false;
            while (from < end) {
                int nl = buf.indexOf(from, end, (byte) '\n');
                int to = nl < 0 ? end : nl;
                if (to - from == 2 && buf.getByte(from) == '{' && buf.getByte(from + 1) == '}') {
                    pinged = true;
                } else if (to > from) {
                    line(buf, from, to, events);
                }
                from = to + 1;
            }
            if (pinged) {
                ch.writeAndFlush(new TextWebSocketFrame("{}"));
            }
        }

        private static void line(ByteBuf buf, int from, int to, SessionEvents events) {
            if (Bytes.startsWith(buf, from, to, PUSH)) {
                // "pub" follows the channel name, so for publications this search stops early.
                if (Bytes.indexOf(buf, from, to, PUB) >= 0) {
                    events.publication(buf, from, to);
                } else if (Bytes.indexOf(buf, from, to, DISCONNECT) >= 0) {
                    events.failed(buf.toString(from, to - from, StandardCharsets.UTF_8));
                }
            } else if (Bytes.indexOf(buf, from, to, ERROR) >= 0) {
                events.failed(buf.toString(from, to - from, StandardCharsets.UTF_8));
            } else if (Bytes.startsWith(buf, from, to, SUBSCRIBE_REPLY)) {
                events.subscribed();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
