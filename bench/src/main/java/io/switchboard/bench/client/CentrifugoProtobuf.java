package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.nio.charset.StandardCharsets;

/**
 * Centrifugo's Protobuf protocol over bidirectional WebSocket ({@code ?format=protobuf}): varint-length-delimited
 * {@code Command}s out, {@code Reply}s in, several per binary frame. Replies are walked field by field with
 * {@link ProtobufWire} rather than decoded into objects, down to {@code Reply.push.pub.data}.
 */
public final class CentrifugoProtobuf implements Protocol {
    // Field numbers from client.proto.
    private static final int REPLY_ID = 1, REPLY_ERROR = 2, REPLY_PUSH = 4;
    private static final int PUSH_PUB = 4, PUSH_DISCONNECT = 11;
    private static final int PUB_DATA = 4;
    private static final int COMMAND_ID = 1, COMMAND_CONNECT = 4, COMMAND_SUBSCRIBE = 5;
    private static final int SUBSCRIBE_CHANNEL = 1;
    private static final int COMMAND_PUBLISH = 7, PUBLISH_CHANNEL = 1, PUBLISH_DATA = 2;
    private static final ClientPublishing PUBLISHING = new Publishing();

    @Override
    public String name() {
        return "centrifugo-protobuf";
    }

    @Override
    public String path() {
        return "/connection/websocket?format=protobuf";
    }

    @Override
    public ProtocolSession newSession(String channel) {
        return new Session(channel);
    }

    @Override
    public ClientPublishing publishing() {
        return PUBLISHING;
    }

    /** A {@code Command} with {@code publish} (channel, data), answered by a {@code Reply} of its id. */
    private static final class Publishing implements ClientPublishing {
        private final long[] cursor = new long[1]; // used on the publisher's one event loop only

        @Override
        public WebSocketFrame hello() {
            ByteBuf connect = Unpooled.buffer();
            ProtobufWire.writeVarintField(connect, COMMAND_ID, 1);
            ProtobufWire.writeBytes(connect, COMMAND_CONNECT, new byte[0], 0, 0);
            ByteBuf out = Unpooled.buffer();
            ProtobufWire.writeDelimited(out, connect);
            return new BinaryWebSocketFrame(out);
        }

        @Override
        public WebSocketFrame publish(long id, String channel, ByteBuf data) {
            byte[] name = channel.getBytes(StandardCharsets.UTF_8);
            ByteBuf request = Unpooled.buffer(name.length + data.readableBytes() + 8);
            ProtobufWire.writeBytes(request, PUBLISH_CHANNEL, name, 0, name.length);
            ProtobufWire.writeBytes(request, PUBLISH_DATA, data); // releases data
            ByteBuf command = Unpooled.buffer(request.readableBytes() + 16);
            ProtobufWire.writeVarintField(command, COMMAND_ID, id);
            ProtobufWire.writeBytes(command, COMMAND_PUBLISH, request);
            ByteBuf out = Unpooled.buffer(command.readableBytes() + 5);
            ProtobufWire.writeDelimited(out, command);
            return new BinaryWebSocketFrame(out);
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, Replies replies) {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                replies.failed("unexpected " + frame.getClass().getSimpleName());
                return;
            }
            ByteBuf buf = frame.content();
            int end = buf.writerIndex();
            for (int at = buf.readerIndex(); at < end; ) {
                long length = ProtobufWire.readVarint(buf, at, end, cursor);
                at = (int) cursor[0];
                if (length < 0 || at + length > end) {
                    replies.failed("malformed frame");
                    return;
                }
                if (length == 0) {
                    ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0})));
                } else {
                    reply(buf, at, at + (int) length, replies);
                }
                at += (int) length;
            }
        }

        private void reply(ByteBuf buf, int from, int to, Replies replies) {
            long id = ProtobufWire.findVarint(buf, from, to, REPLY_ID, cursor);
            boolean error = ProtobufWire.findBytes(buf, from, to, REPLY_ERROR, cursor) >= 0;
            if (id == 1) {
                if (error) replies.failed("connect refused");
                else replies.ready();
            } else if (id > 1) {
                replies.answered(id, error ? "error reply to publish " + id : null);
            } else {
                int push = ProtobufWire.findBytes(buf, from, to, REPLY_PUSH, cursor);
                if (push >= 0 && ProtobufWire.findBytes(buf, push, (int) cursor[0], PUSH_DISCONNECT, cursor) >= 0) {
                    replies.failed("disconnect push");
                }
            }
        }
    }

    /** The connect (id 1) and subscribe (id 2) commands, each length-delimited, in one buffer. */
    static ByteBuf connectAndSubscribe(String channel) {
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        ByteBuf subscribe = Unpooled.buffer();
        ProtobufWire.writeBytes(subscribe, SUBSCRIBE_CHANNEL, name, 0, name.length);
        ByteBuf out = Unpooled.buffer();
        ByteBuf connect = Unpooled.buffer();
        ProtobufWire.writeVarintField(connect, COMMAND_ID, 1);
        ProtobufWire.writeBytes(connect, COMMAND_CONNECT, new byte[0], 0, 0);
        ProtobufWire.writeDelimited(out, connect);
        ByteBuf sub = Unpooled.buffer();
        ProtobufWire.writeVarintField(sub, COMMAND_ID, 2);
        ProtobufWire.writeBytes(sub, COMMAND_SUBSCRIBE, subscribe);
        ProtobufWire.writeDelimited(out, sub);
        return out;
    }

    private static final class Session implements ProtocolSession {
        private final String channel;
        private final long[] cursor = new long[1];

        Session(String channel) {
            this.channel = channel;
        }

        @Override
        public void start(Channel ch) {
            ch.writeAndFlush(new BinaryWebSocketFrame(connectAndSubscribe(channel)));
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, SessionEvents events) {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                events.failed("unexpected " + frame.getClass().getSimpleName());
                return;
            }
            ByteBuf buf = frame.content();
            int end = buf.writerIndex();
            int at = buf.readerIndex();
            boolean pinged = false;
            while (at < end) {
                long length = ProtobufWire.readVarint(buf, at, end, cursor);
                at = (int) cursor[0];
                if (length < 0 || at + length > end) {
                    events.failed("malformed frame");
                    return;
                }
                if (length == 0) pinged = true;
                else reply(buf, at, at + (int) length, events, cursor);
                at += (int) length;
            }
            if (pinged) {
                ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0})));
            }
        }

        private static void reply(ByteBuf buf, int from, int to, SessionEvents events, long[] cursor) {
            long id = ProtobufWire.findVarint(buf, from, to, REPLY_ID, cursor);
            if (ProtobufWire.findBytes(buf, from, to, REPLY_ERROR, cursor) >= 0) {
                events.failed("error reply to command " + id);
                return;
            }
            int push = ProtobufWire.findBytes(buf, from, to, REPLY_PUSH, cursor);
            if (push >= 0) {
                int pushEnd = (int) cursor[0];
                int pub = ProtobufWire.findBytes(buf, push, pushEnd, PUSH_PUB, cursor);
                if (pub >= 0) {
                    int pubEnd = (int) cursor[0];
                    int data = ProtobufWire.findBytes(buf, pub, pubEnd, PUB_DATA, cursor);
                    if (data >= 0) events.publication(buf, data, (int) cursor[0]);
                } else if (ProtobufWire.findBytes(buf, push, pushEnd, PUSH_DISCONNECT, cursor) >= 0) {
                    events.failed("disconnect push");
                }
            } else if (id == 2) {
                events.subscribed();
            }
        }
    }
}
