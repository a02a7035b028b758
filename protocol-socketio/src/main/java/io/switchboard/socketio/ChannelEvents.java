package io.switchboard.socketio;

import io.switchboard.auth.SubscriptionToken;
import io.switchboard.auth.TokenException;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelPermissions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;
import io.switchboard.core.CoreException;
import io.switchboard.core.Node;
import io.switchboard.core.PublishOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final TokenVerifier subscriptionTokens;
    private final boolean insecure;

    ChannelEvents(Node node, TokenVerifier subscriptionTokens, boolean insecure) {
        this.node = node;
        this.subscriptionTokens = subscriptionTokens;
        this.insecure = insecure;
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
        if (!node.rules().validName(channel)) {
            fail(socket, channel, ack, ClientError.BAD_REQUEST);
            return;
        }
        Optional<ChannelOptions> options = node.optionsFor(channel);
        if (options.isEmpty()) {
            fail(socket, channel, ack, ClientError.UNKNOWN_CHANNEL);
            return;
        }
        ClientError refused = refusal(socket, channel, options.get(), req.get("auth"));
        if (refused != null) {
            fail(socket, channel, ack, refused);
            return;
        }
        socket.rooms.join(channel, channel, true).whenComplete((v, err) -> {
            if (err != null) fail(socket, channel, ack, CoreException.errorOf(err));
            else if (ack != null) ack.send((Object) null);
        });
    }

    private ClientError refusal(SocketIoSocket socket, String channel, ChannelOptions o, Object auth) {
        Object token = auth instanceof Map<?, ?> a ? a.get("token") : null;
        if (token instanceof String jwt && !jwt.isEmpty() && subscriptionTokens != null) {
            SubscriptionToken t;
            try {
                t = subscriptionTokens.verifySubscriptionToken(jwt);
            } catch (TokenException e) {
                return e.kind() == TokenException.Kind.EXPIRED ? ClientError.TOKEN_EXPIRED : ClientError.PERMISSION_DENIED;
            }
            if (!t.userId().equals(socket.user()) || !t.channel().equals(channel)) return ClientError.PERMISSION_DENIED;
            if (t.expireAt() > 0 && t.expireAt() <= System.currentTimeMillis() / 1000) return ClientError.TOKEN_EXPIRED;
            return null;
        }
        if (ChannelRules.isPrivate(channel) || !ChannelPermissions.canSubscribe(o, channel, socket.user(), insecure)) {
            return ClientError.PERMISSION_DENIED;
        }
        return null;
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
        Optional<ChannelOptions> options = node.optionsFor(channel);
        if (!node.rules().validName(channel) || options.isEmpty()) {
            fail(socket, channel, ack, options.isEmpty() ? ClientError.UNKNOWN_CHANNEL : ClientError.BAD_REQUEST);
            return;
        }
        boolean subscribed = socket.rooms.joinedChannel(channel);
        if (!ChannelPermissions.canPublish(options.get(), socket.user(), subscribed, insecure)) {
            fail(socket, channel, ack, ClientError.PERMISSION_DENIED);
            return;
        }
        var emit = PublicationFrames.emit(event, java.util.Collections.singletonList(req.get("data")));
        node.publish(channel, emit.data(), new PublishOptions(socket.info(), emit.tags(), false, false))
                .whenComplete((pos, err) -> {
                    if (err != null) fail(socket, channel, ack, CoreException.errorOf(err));
                    else if (ack != null) ack.send((Object) null);
                });
    }

    private static void fail(SocketIoSocket socket, String channel, Ack ack, ClientError error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", error.code());
        e.put("message", error.message());
        if (ack != null) ack.send(e);
        socket.emit("subscription_error", channel, e);
    }
}
