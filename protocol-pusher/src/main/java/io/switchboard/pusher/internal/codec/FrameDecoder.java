package io.switchboard.pusher.internal.codec;

import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;

import java.io.IOException;

/** Client text messages to {@link ClientFrame}s. Pure: every malformed input ends in a {@link FrameException}. */
public final class FrameDecoder {
    private FrameDecoder() {
    }

    public static ClientFrame decode(byte[] utf8) throws FrameException {
        Object tree;
        try {
            tree = JsonTree.parse(utf8);
        } catch (IOException | RuntimeException e) {
            throw new FrameException("Invalid JSON");
        }
        if (!(tree instanceof JsonObject o)) throw new FrameException("A message must be a JSON object");
        Object event = ClientFrame.member(o, "event");
        if (!(event instanceof String name) || name.isEmpty()) throw new FrameException("A message needs an event name");
        Object channel = ClientFrame.member(o, "channel");
        if (channel != null && !(channel instanceof String)) throw new FrameException("channel must be a string");
        return new ClientFrame(name, (String) channel, ClientFrame.member(o, "data"));
    }
}
