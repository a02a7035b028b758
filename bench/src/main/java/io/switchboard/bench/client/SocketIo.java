package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import static io.switchboard.bench.client.TextFrames.ascii;
import static io.switchboard.bench.client.TextFrames.isExactly;
import static io.switchboard.bench.client.TextFrames.send;
import static io.switchboard.bench.client.TextFrames.startsWith;

/**
 * Socket.IO v5 over Engine.IO v4, WebSocket transport only ({@code /socket.io/?EIO=4&transport=websocket}), one
 * packet per frame. After the open packet ({@code 0{"sid":…}}) it connects to the main namespace ({@code 40}),
 * and once connected ({@code 40{"sid":…}}) emits {@code subscribe} with {@code {"channel":…}}. Deliveries are
 * events {@code 42["message","<channel>",<data>]}; server pings ({@code 2}) are answered with {@code 3}.
 *
 * <p>With acks (the default) the subscribe carries ack id 1 ({@code 421[…]}) and the subscription counts once
 * {@code 431[…]} arrives, so no publish can race it. A server that never acknowledges subscribes (as
 * laravel-echo-server does not) needs {@code ack = false}: the subscription then counts as soon as it is sent.
 */
public final class SocketIo implements Protocol {
    private static final byte[] OPEN = ascii("0{");
    private static final byte[] PING = ascii("2");
    private static final byte[] CONNECTED = ascii("40");
    private static final byte[] CONNECT_ERROR = ascii("44");
    private static final byte[] DISCONNECT = ascii("41");
    private static final byte[] EVENT = ascii("42[");
    private static final byte[] ACK = ascii("431");
    private static final byte[] CLOSE = ascii("1");

    private final boolean ack;

    public SocketIo(boolean ack) {
        this.ack = ack;
    }

    @Override
    public String name() {
        return ack ? "socketio" : "socketio-noack";
    }

    @Override
    public String path() {
        return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public boolean confirmsSubscriptions() {
        return ack;
    }

    @Override
    public ProtocolSession newSession(String channel) {
        return new Session(channel, ack);
    }

    static String subscribe(String channel, boolean ack) {
        return (ack ? "421" : "42") + "[\"subscribe\",{\"channel\":\"" + channel + "\"}]";
    }

    private static final class Session implements ProtocolSession {
        private final String channel;
        private final boolean ack;
        private boolean connected;

        Session(String channel, boolean ack) {
            this.channel = channel;
            this.ack = ack;
        }

        @Override
        public void start(Channel ch) {
            // The server speaks first: its open packet.
        }

        @Override
        public void onFrame(WebSocketFrame frame, Channel ch, SessionEvents events) {
            ByteBuf buf = TextFrames.textOrFail(frame, events);
            if (buf == null) return;
            if (startsWith(buf, EVENT)) {
                events.publication(buf, buf.readerIndex(), buf.writerIndex());
            } else if (isExactly(buf, PING)) {
                send(ch, "3");
            } else if (startsWith(buf, OPEN)) {
                send(ch, "40");
            } else if (!connected && startsWith(buf, CONNECTED)) {
                connected = true;
                send(ch, subscribe(channel, ack));
                if (!ack) events.subscribed();
            } else if (startsWith(buf, ACK)) {
                events.subscribed();
            } else if (startsWith(buf, CONNECT_ERROR) || startsWith(buf, DISCONNECT) || isExactly(buf, CLOSE)) {
                events.failed(TextFrames.text(buf));
            }
        }
    }
}
