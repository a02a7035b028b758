package io.switchboard.socketcluster;

import io.switchboard.core.PreparedPublication;
import io.switchboard.json.JsonStrings;
import io.switchboard.socketcluster.internal.codec.FrameDecoder;
import io.switchboard.socketcluster.internal.codec.ServerPackets;
import io.switchboard.transport.SharedFrame;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A publication's {@code #publish} frame, encoded once per publication for every SocketCluster subscriber (as
 * socketcluster-server's broker sends one string to all). A channel's name is the same on every protocol.
 */
final class PublishFrames {
    private static final int SLOT = PreparedPublication.newCodecSlot();
    private static final Function<PreparedPublication, SharedFrame> ENCODE = PublishFrames::encode;

    private PublishFrames() {
    }

    static SharedFrame frame(PreparedPublication p) {
        return p.encoded(SLOT, ENCODE);
    }

    private static SharedFrame encode(PreparedPublication p) {
        byte[] data = p.publication().data();
        String text = new String(data, StandardCharsets.UTF_8);
        // a publication that is not JSON (a Protobuf client's bytes) still makes a valid frame: its text as a string
        String json = FrameDecoder.isJson(data) ? text : quoted(text);
        return new SharedFrame(ServerPackets.publish(p.channel(), json).getBytes(StandardCharsets.UTF_8), false);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        JsonStrings.quote(text, out);
        return out.toString();
    }
}
