package io.switchboard.pusher;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PublishOptions;
import io.switchboard.json.CompactJson;
import io.switchboard.pusher.internal.codec.ClientFrame;
import io.switchboard.pusher.internal.codec.ServerFrames;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client events ({@code client-*}) of one connection: the app's checks and the per-second rate (refusals are
 * 4301 and leave the connection open), then the publish and the {@code client_event} webhook. Event loop only.
 */
final class ClientEvents {
    private final Pusher pusher;
    private final PusherApp app;
    private final ServerFrames frames;
    private final ConnectionLink link;
    private final String socketId;
    private final ClientEventRate rate;

    ClientEvents(Pusher pusher, PusherApp app, ServerFrames frames, ConnectionLink link, String socketId) {
        this.pusher = pusher;
        this.app = app;
        this.frames = frames;
        this.link = link;
        this.socketId = socketId;
        this.rate = new ClientEventRate(app.maxClientEventsPerSecond());
    }

    /** A client event on {@code s} (null when the connection has no such channel), sent by signed-in {@code user}. */
    void send(ClientFrame f, ChannelSubscription s, String user, long nowMillis) {
        if (!app.clientMessages()) {
            link.send(frames.error(4301, "Client events are not enabled for this app"));
            return;
        }
        if (s == null || !s.live()) {
            link.send(frames.error(4301, "Client events need a channel this connection is subscribed to"));
            return;
        }
        if (!s.type.clientEvents()) {
            link.send(frames.error(4301, "Client events are only allowed on private and presence channels"));
            return;
        }
        if (f.event().length() > PusherApp.MAX_EVENT_NAME_LENGTH) {
            link.send(frames.error(4301, "Event name is longer than " + PusherApp.MAX_EVENT_NAME_LENGTH + " characters"));
            return;
        }
        if (!rate.tryAcquire(nowMillis)) {
            link.send(frames.error(4301, "Client event rejected due to rate limit"));
            return;
        }
        String data = f.data() instanceof String str ? str : CompactJson.write(f.data());
        if (data.getBytes(StandardCharsets.UTF_8).length > app.maxEventPayloadBytes()) {
            link.send(frames.error(4301, "Client event data is larger than " + app.maxEventPayloadKb() + " KB"));
            return;
        }
        boolean member = s.type == ChannelType.PRESENCE && s.member != null;
        String sender = member ? s.member.user() : user;
        ClientInfo info = new ClientInfo(sender, socketId, null, null);
        pusher.node().publish(s.core, EventData.toCore(data), new PublishOptions(info, EventData.tags(f.event()), false, false));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", f.event());
        fields.put("data", data);
        fields.put("socket_id", socketId);
        if (member) fields.put("user_id", s.member.user());
        pusher.webhook(app, "client_event", s.name, fields);
    }
}
