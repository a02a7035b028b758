package io.switchboard.bench.client;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.ArrayList;
import java.util.List;

/** A text-protocol session on an embedded channel: frames in, the frames it sent back out. */
final class TextSession {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final RecordingEvents events = new RecordingEvents();
    final ProtocolSession session;

    TextSession(Protocol protocol, String channelName) {
        this.session = protocol.newSession(channelName);
    }

    TextSession start() {
        session.start(channel);
        return this;
    }

    TextSession receive(String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        session.onFrame(frame, channel, events);
        frame.release();
        return this;
    }

    /** Every frame sent since the last call. */
    List<String> sent() {
        List<String> out = new ArrayList<>();
        for (TextWebSocketFrame f; (f = channel.readOutbound()) != null; ) {
            out.add(f.text());
            f.release();
        }
        return out;
    }
}
