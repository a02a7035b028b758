package io.switchboard.pusher;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;
import io.switchboard.pusher.internal.codec.Dialect;
import io.switchboard.pusher.internal.codec.ServerFrames;
import io.switchboard.transport.SharedFrame;

import java.nio.charset.StandardCharsets;

/**
 * A publication's Pusher frame, encoded once per publication and dialect for every subscriber (a core channel
 * belongs to one app, so its Pusher name is the same for all of them).
 */
final class EventFrames {
    private static final int PUSHER_SLOT = PreparedPublication.newCodecSlot();
    private static final int BROADCASTT_SLOT = PreparedPublication.newCodecSlot();

    private EventFrames() {
    }

    static SharedFrame frame(PreparedPublication p, Dialect dialect, String channel) {
        int slot = dialect == Dialect.PUSHER ? PUSHER_SLOT : BROADCASTT_SLOT;
        return p.encoded(slot, pub -> encode(pub, dialect, channel));
    }

    private static SharedFrame encode(PreparedPublication p, Dialect dialect, String channel) {
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
