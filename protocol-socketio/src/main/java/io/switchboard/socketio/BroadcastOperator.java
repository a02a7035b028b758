package io.switchboard.socketio;

import io.switchboard.core.PublishOptions;
import io.switchboard.core.StreamPosition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where an emit goes: rooms of a namespace, minus the socket that sends it. An emit to a room is a core
 * publication on the room's channel (kept in its history when the channel has one), so it reaches that
 * channel's subscribers on every protocol; an emit to a socket's own id goes straight to that socket, on
 * whichever node it is. With no room, it goes to every socket of the namespace on every node. A socket in
 * several target rooms gets the event once per room.
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    private final List<String> rooms;
    private final SocketIoSocket sender;

    BroadcastOperator(Namespace namespace, List<String> rooms, SocketIoSocket sender) {
        this.namespace = namespace;
        this.rooms = List.copyOf(rooms);
        this.sender = sender;
    }

    public BroadcastOperator to(String room) {
        List<String> more = new ArrayList<>(rooms);
        more.add(room);
        return new BroadcastOperator(namespace, more, sender);
    }

    /** Completes when every room's publication is accepted by the core (failing like the core's publish). */
    public CompletableFuture<Void> emit(String event, Object... args) {
        List<Object> list = Arrays.asList(args);
        String except = sender == null ? "" : sender.id();
        if (rooms.isEmpty()) return ClusterEmits.send(namespace, "", except, event, args);
        PublicationFrames.Emit emit = PublicationFrames.emit(event, list);
        PublishOptions options = new PublishOptions(sender == null ? null : sender.info(), emit.tags(), false, false);
        List<CompletableFuture<?>> published = new ArrayList<>(rooms.size());
        for (String room : rooms) {
            var direct = namespace.socket(room);
            if (direct.isPresent()) {
                if (direct.get() != sender) direct.get().emit(event, args);
                continue;
            }
            // a socket of another node, or a room: whichever it is gets it
            if (ClusterEmits.looksLikeSocketId(room)) published.add(ClusterEmits.send(namespace, room, except, event, args));
            published.add(namespace.server().node().publish(namespace.channelOf(room), emit.data(), options));
        }
        return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
    }
}
