package io.switchboard.socketio;

import io.switchboard.core.ClientError;
import io.switchboard.core.CoreException;
import io.switchboard.core.Node;
import io.switchboard.core.PublishOptions;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events a standalone server's clients use to reach channels, as Laravel Echo's Socket.IO connector sends
 * them: {@code subscribe} and {@code unsubscribe} with {@code {channel, auth}}, and {@code client event} with
 * {@code {channel, event, data}}, which is published to the channel for everyone else in it when the event is
 * named {@code client-…}. The channel
 * rules decide as for every protocol; a private ({@code $}) channel needs a subscription JWT in
 * {@code auth.token}. Refusals answer the ack (when asked) with {@code {code, message}} and emit
 * {@code subscription_error} with the channel and the same object. An application handler of the same event
 * name takes precedence; these cost a socket nothing until used.
 */
final class ChannelEvents {
    /** Only events so named are relayed, as laravel-echo-server does: a member must not forge server events. */
    static final String CLIENT_EVENT_PREFIX = "client-";
    static final ClientError NOT_A_CLIENT_EVENT =
            new ClientError(ClientError.BAD_REQUEST.code(), "client event names must start with client-", false);

    private final Node node;
    private final ChannelAccess access;

    ChannelEvents(Node node, ChannelAccess access) {
        this.node = node;
        this.access = access;
    }

    /** Handles one of the channel events; false for any other event. */
    boolean handle(SocketIoSocket socket, String event, List<Object> args, Ack ack) {
        switch (event) {
            case "subscribe" -> subscribe(socket, args, ack);
            case "unsubscribe" -> unsubscribe(socket, args, ack);
            case "client event" -> clientEvent(socket, args, ack);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void subscribe(SocketIoSocket socket, List<Object> args, Ack ack) {
        Map<?, ?> req = args.isEmpty() || !(args.get(0) instanceof Map<?, ?> m) ? null : m;
        if (req == null || !(req.get("channel") instanceof String channel)) {
            fail(socket, "", ack, ClientError.BAD_REQUEST);
            return;
        }
        Object auth = req.get("auth");
        Object token = auth instanceof Map<?, ?> a ? a.get("token") : null;
        ChannelAccess.Grant grant = access.subscribe(socket.user(), channel, token instanceof String jwt ? jwt : null);
        if (!grant.verdict().isAllowed()) {
            answer(socket, channel, ack, grant.verdict());
            return;
        }
        socket.rooms.join(channel, channel, true).whenComplete((v, err) -> {
            if (err != null) fail(socket, channel, ack, CoreException.errorOf(err));
            else if (ack != null) ack.send((Object) null);
        });
    }

    private void unsubscribe(SocketIoSocket socket, List<Object> args, Ack ack) {
        if (args.isEmpty() || !(args.get(0) instanceof Map<?, ?> m) || !(m.get("channel") instanceof String channel)) {
            fail(socket, "", ack, ClientError.BAD_REQUEST);
            return;
        }
        socket.rooms.leaveChannel(channel);
        if (ack != null) ack.send((Object) null);
    }

    private void clientEvent(SocketIoSocket socket, List<Object> args, Ack ack) {
        Map<?, ?> req = args.isEmpty() || !(args.get(0) instanceof Map<?, ?> m) ? null : m;
        if (req == null || !(req.get("channel") instanceof String channel) || !(req.get("event") instanceof String event)
                || event.isEmpty()) {
            fail(socket, "", ack, ClientError.BAD_REQUEST);
            return;
        }
        if (!event.startsWith(CLIENT_EVENT_PREFIX)) {
            fail(socket, channel, ack, NOT_A_CLIENT_EVENT); // other names are the server's, e.g. a publication's event tag
            return;
        }
        Verdict verdict = access.publish(socket.user(), channel, socket.rooms.joinedChannel(channel));
        if (!verdict.isAllowed()) {
            answer(socket, channel, ack, verdict);
            return;
        }
        var emit = PublicationFrames.emit(event, java.util.Collections.singletonList(req.get("data")));
        node.publish(channel, emit.data(), new PublishOptions(socket.info(), emit.tags(), false, false))
                .whenComplete((pos, err) -> {
                    if (err != null) fail(socket, channel, ack, CoreException.errorOf(err));
                    else if (ack != null) ack.send((Object) null);
                });
    }

    /**
     * A verdict in Socket.IO's terms: a refusal answers the ack and emits {@code subscription_error}; a verdict
     * that ends a Centrifugo connection (a token for someone else) answers the same way with the disconnect's code
     * and reason, then disconnects the socket, which is told not to come back.
     */
    private static void answer(SocketIoSocket socket, String channel, Ack ack, Verdict verdict) {
        if (verdict instanceof Verdict.Refused r) {
            fail(socket, channel, ack, r.error());
        } else if (verdict instanceof Verdict.Ended e) {
            fail(socket, channel, ack, new ClientError(e.disconnect().code(), e.disconnect().reason(), false));
            socket.disconnect(false);
        }
    }

    private static void fail(SocketIoSocket socket, String channel, Ack ack, ClientError error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", error.code());
        e.put("message", error.message());
        if (ack != null) ack.send(e);
        socket.emit("subscription_error", channel, e);
    }
}
