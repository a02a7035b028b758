package io.switchboard.socketio;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.RecoveryResult;
import io.switchboard.core.StreamPosition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One socket's rooms, each a core channel it is subscribed to, and the delivery of their publications. With
 * connection state recovery on, every room on a channel with history has an index and the offset of the last
 * publication delivered from it; the event offset a client keeps is that vector ({@code 0.42,1.17}), so a
 * reconnecting client can be given exactly what it missed in every room from the channels' history.
 * Event loop only.
 */
final class Rooms {
    /** One room of the socket. */
    static final class Room {
        final String name;
        final String channel;
        final boolean withChannel;
        int index = -1;
        long offset;
        String epoch = "";
        long joinOffset;
        boolean ready = true;
        List<PreparedPublication> held;

        Room(String name, String channel, boolean withChannel) {
            this.name = name;
            this.channel = channel;
            this.withChannel = withChannel;
        }
    }

    private final SocketIoSocket socket;
    private final Map<String, Room> byChannel = new LinkedHashMap<>(4);
    private List<Room> indexed;

    Rooms(SocketIoSocket socket) {
        this.socket = socket;
    }

    private Node node() {
        return socket.namespace.server().node();
    }

    private boolean recovery() {
        return socket.namespace.server().options().recovery();
    }

    /**
     * Subscribes to a channel. Publications that arrive before the stream position is known are held, so
     * none is delivered twice or missed between the position and live delivery.
     */
    CompletableFuture<Void> join(String name, String channel, boolean withChannel) {
        if (byChannel.containsKey(channel)) return CompletableFuture.completedFuture(null);
        if (!node().rules().validName(channel)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("room name too long for a channel: " + name));
        }
        Room r = new Room(name, channel, withChannel);
        byChannel.put(channel, r);
        Optional<ChannelOptions> options = node().optionsFor(channel);
        boolean track = recovery() && options.isPresent() && options.get().historyEnabled();
        if (track) {
            if (indexed == null) indexed = new ArrayList<>(2);
            r.index = indexed.size();
            indexed.add(r);
            r.ready = false;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        node().subscribe(socket, channel)
                .thenCompose(v -> track ? node().position(channel, options.get()) : CompletableFuture.completedFuture(null))
                .whenComplete((pos, err) -> socket.conn.execute(() -> {
                    if (err != null) {
                        if (byChannel.get(channel) == r) leaveChannel(channel);
                        done.completeExceptionally(err);
                        return;
                    }
                    if (pos != null) {
                        r.offset = r.joinOffset = pos.offset();
                        r.epoch = pos.epoch();
                    }
                    release(r);
                    done.complete(null);
                }));
        return done;
    }

    void leaveRoom(String name) {
        for (Room r : List.copyOf(byChannel.values())) if (r.name.equals(name)) leaveChannel(r.channel);
    }

    void leaveChannel(String channel) {
        if (byChannel.remove(channel) != null) node().unsubscribe(socket, channel);
    }

    void leaveAll() {
        for (String channel : List.copyOf(byChannel.keySet())) leaveChannel(channel);
    }

    boolean joinedChannel(String channel) {
        return byChannel.containsKey(channel);
    }

    List<String> names() {
        List<String> out = new ArrayList<>(byChannel.size());
        for (Room r : byChannel.values()) out.add(r.name);
        return out;
    }

    List<Room> all() {
        return List.copyOf(byChannel.values());
    }

    void deliver(PreparedPublication p) {
        Room r = byChannel.get(p.channel());
        if (r == null) return;
        var publisher = p.publication().info();
        if (publisher != null && socket.id().equals(publisher.client())) return; // a socket's broadcast skips it
        if (!r.ready) {
            if (r.held == null) r.held = new ArrayList<>();
            r.held.add(p);
            return;
        }
        if (r.index >= 0) {
            long offset = p.position().offset();
            if (offset != 0 && offset <= r.offset) return; // already delivered by recovery
            r.offset = offset;
        }
        Namespace ns = socket.namespace;
        PublicationFrames.Frame frame = PublicationFrames.frame(p, ns.name(), r.withChannel,
                r.withChannel ? ns.frameKeyWithChannel : ns.frameKey);
        if (recovery()) frame = frame.withOffset(vector());
        socket.conn.send(frame.text(), frame.attachments());
    }

    private void release(Room r) {
        r.ready = true;
        List<PreparedPublication> held = r.held;
        r.held = null;
        if (held != null) for (PreparedPublication p : held) deliver(p);
    }

    /** The offset a direct emit carries when recovery is on: the current vector; null when recovery is off. */
    String offsetForDirectEmit() {
        return recovery() ? vector() : null;
    }

    private String vector() {
        if (indexed == null) return "";
        StringBuilder out = new StringBuilder();
        for (Room r : indexed) {
            if (byChannel.get(r.channel) != r) continue;
            if (out.length() > 0) out.append(',');
            out.append(r.index).append('.').append(r.offset);
        }
        return out.toString();
    }

    // --- recovery ------------------------------------------------------------------------------------------

    /** A room as kept while its socket is disconnected. */
    record Saved(String name, String channel, boolean withChannel, int index, String epoch, long joinOffset) {
    }

    List<Saved> save() {
        List<Saved> out = new ArrayList<>(byChannel.size());
        for (Room r : byChannel.values()) out.add(new Saved(r.name, r.channel, r.withChannel, r.index, r.epoch, r.joinOffset));
        return out;
    }

    /**
     * Re-joins saved rooms and reads what the client missed in each, from the offsets it last saw (or where it
     * joined, for rooms it heard nothing from). Completes on the loop with the missed publications in time order,
     * or null when any room cannot be recovered; the rooms hold live publications until {@link #releaseAll}.
     */
    CompletableFuture<List<PreparedPublication>> restore(List<Saved> saved, Map<Integer, Long> seen) {
        List<CompletableFuture<List<PreparedPublication>>> reads = new ArrayList<>();
        int maxIndex = -1;
        for (Saved s : saved) maxIndex = Math.max(maxIndex, s.index());
        indexed = maxIndex < 0 ? null : new ArrayList<>(java.util.Collections.nCopies(maxIndex + 1, (Room) null));
        for (Saved s : saved) {
            Room r = new Room(s.name(), s.channel(), s.withChannel());
            r.ready = false;
            byChannel.put(s.channel(), r);
            Optional<ChannelOptions> options = node().optionsFor(s.channel());
            CompletableFuture<Void> subscribed = node().subscribe(socket, s.channel());
            if (s.index() < 0) {
                reads.add(subscribed.thenApply(v -> List.of()));
                continue;
            }
            r.index = s.index();
            r.epoch = s.epoch();
            r.joinOffset = s.joinOffset();
            r.offset = seen.getOrDefault(s.index(), s.joinOffset());
            indexed.set(s.index(), r);
            if (options.isEmpty() || !options.get().historyEnabled()) {
                reads.add(CompletableFuture.completedFuture(null));
                continue;
            }
            StreamPosition since = new StreamPosition(r.offset, s.epoch());
            reads.add(subscribed.thenCompose(v -> node().recover(s.channel(), options.get(), since))
                    .thenApply((RecoveryResult result) -> result.recovered() ? prepared(s.channel(), result) : null));
        }
        indexed = compact(indexed);
        CompletableFuture<List<PreparedPublication>> done = new CompletableFuture<>();
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> socket.conn.execute(() -> {
            List<PreparedPublication> missed = new ArrayList<>();
            boolean ok = err == null;
            if (ok) {
                for (CompletableFuture<List<PreparedPublication>> f : reads) {
                    List<PreparedPublication> got = f.join();
                    if (got == null) ok = false;
                    else missed.addAll(got);
                }
            }
            if (!ok) {
                leaveAll();
                indexed = null;
                done.complete(null);
                return;
            }
            missed.sort(Comparator.comparingLong(p -> p.publication().time()));
            done.complete(missed);
        }));
        return done;
    }

    private static List<Room> compact(List<Room> rooms) {
        if (rooms == null) return null;
        // indexes of rooms left before the disconnect stay unused; keep the positions stable
        List<Room> out = new ArrayList<>(rooms.size());
        for (Room r : rooms) out.add(r == null ? new Room("", "", false) : r);
        return out;
    }

    private static List<PreparedPublication> prepared(String channel, RecoveryResult result) {
        List<PreparedPublication> out = new ArrayList<>(result.publications().size());
        for (Publication pub : result.publications()) {
            out.add(new PreparedPublication(channel, pub, new StreamPosition(pub.offset(), result.position().epoch())));
        }
        return out;
    }

    /** Delivers what recovery found, then what arrived meanwhile. */
    void releaseAll(List<PreparedPublication> missed) {
        for (PreparedPublication p : missed) {
            Room r = byChannel.get(p.channel());
            if (r != null) {
                r.ready = true;
                deliver(p);
                r.ready = false;
            }
        }
        for (Room r : List.copyOf(byChannel.values())) release(r);
    }
}
