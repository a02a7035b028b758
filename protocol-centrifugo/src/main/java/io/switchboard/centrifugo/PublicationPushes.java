package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.core.PreparedPublication;
import io.switchboard.transport.SharedFrame;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A codec's publication push, as bytes and as a WebSocket frame shared by every subscriber, each encoded once
 * per publication. One instance per codec holds the encoders, so the fan-out allocates no lambda per delivery.
 */
final class PublicationPushes {
    /** The push of data this codec cannot carry (binary data for a JSON client). */
    static final byte[] NOT_CARRIED = new byte[0];

    private static final Map<ClientCodec, PublicationPushes> BY_CODEC = new ConcurrentHashMap<>();

    private final ClientCodec codec;
    private final Function<PreparedPublication, byte[]> encodePush = this::encodePush;
    private final Function<PreparedPublication, SharedFrame> encodeFrame = this::encodeFrame;

    private PublicationPushes(ClientCodec codec) {
        this.codec = codec;
    }

    static PublicationPushes of(ClientCodec codec) {
        return BY_CODEC.computeIfAbsent(codec, PublicationPushes::new);
    }

    /** The push message, or {@link #NOT_CARRIED}. */
    byte[] push(PreparedPublication p) {
        return p.encoded(codec.cacheSlot(), encodePush);
    }

    /** The push as a whole frame; only for data the codec carries. */
    SharedFrame frame(PreparedPublication p) {
        return p.encoded(codec.frameSlot(), encodeFrame);
    }

    private byte[] encodePush(PreparedPublication p) {
        var pub = p.publication();
        // a map removal carries no data at all
        if (!(pub.removed() && pub.data().length == 0) && !codec.carries(pub.data())) return NOT_CARRIED;
        return codec.publicationPush(p.channel(), p.publication());
    }

    private SharedFrame encodeFrame(PreparedPublication p) {
        return new SharedFrame(push(p), codec.binary());
    }
}
