package io.switchboard.pusher;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;
import io.switchboard.pusher.internal.codec.Dialect;
import io.switchboard.pusher.internal.codec.ServerFrames;
import io.switchboard.transport.SharedFrame;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A publication's Pusher frame, encoded once per publication and dialect for every subscriber (a core channel
 * belongs to one app, so its Pusher name is the same for all of them).
 */
final class EventFrames {
    private static final int PUSHER_SLOT = PreparedPublication.newCodecSlot();
    private static final int BROADCASTT_SLOT = PreparedPublication.newCodecSlot();

    private EventFrames() {
    }

    // non-capturing, so a delivery allocates nothing when the frame is cached
    private static final Function<PreparedPublication, SharedFrame> PUSHER = p -> encode(p, Dialect.PUSHER);
    private static final Function<PreparedPublication, SharedFrame> BROADCASTT = p -> encode(p, Dialect.BROADCASTT);

    static SharedFrame frame(PreparedPublication p, Dialect dialect) {
        return dialect == Dialect.PUSHER ? p.encoded(PUSHER_SLOT, PUSHER) : p.encoded(BROADCASTT_SLOT, BROADCASTT);
    }

    /** Every app's Pusher name of its core channel: what follows the namespace (Pusher names hold no {@code :}). */
    static String pusherName(String coreChannel) {
        return coreChannel.substring(coreChannel.indexOf(':') + 1);
    }

    private static SharedFrame encode(PreparedPublication p, Dialect dialect) {
        String channel = pusherName(p.channel());
        String event = EventData.eventName(p.publication().tags());
        byte[] d = p.publication().data();
        String data = dialect.stringData() ? EventData.toBroadcastt(d) : EventData.toPusher(d);
        ClientInfo info = p.publication().info();
        // Pusher names the member who sent a client event on a presence channel
        String userId = info != null && !info.user().isEmpty() && event.startsWith("client-")
                && ChannelType.of(channel) == ChannelType.PRESENCE ? info.user() : null;
        String text = ServerFrames.channelEvent(event, channel, data, userId);
        return new SharedFrame(text.getBytes(StandardCharsets.UTF_8), false);
    }
}
