package io.switchboard.socketio;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.Node;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.protocol.StreamCursor;
import io.switchboard.protocol.SubscribeSequence;

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
        /** Its position in the offset vector, or -1 when the room is not tracked for recovery. */
        final int index;
        /** Tracked rooms hold publications until their position is read, then drop what recovery sent. */
        final StreamCursor cursor;
        long joinOffset;

        Room(String name, String channel, boolean withChannel, int index) {
            this.name = name;
            this.channel = channel;
            this.withChannel = withChannel;
            this.index = index;
            this.cursor = new StreamCursor(index >= 0);
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
        Optional<ChannelOptions> options = node().optionsFor(channel);
        boolean track = recovery() && options.isPresent() && options.get().historyEnabled();
        if (track && indexed == null) indexed = new ArrayList<>(2);
        Room r = new Room(name, channel, withChannel, track ? indexed.size() : -1);
        byChannel.put(channel, r);
        if (track) indexed.add(r);
        else r.cursor.goLive(); // no position to wait for: live from the start
        CompletableFuture<Void> done = new CompletableFuture<>();
        SubscribeSequence.start(node(), socket, channel, options.orElse(null),
                        track ? SubscribeSequence.Read.POSITION : SubscribeSequence.Read.NOTHING, null)
                .whenComplete((started, err) -> socket.conn.execute(() -> {
                    if (err != null) {
                        byChannel.remove(channel, r); // the sequence already left the channel in the core
                        done.completeExceptionally(err);
                        return;
                    }
                    if (track) {
                        r.cursor.startAt(started.position());
                        r.joinOffset = started.position().offset();
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
        if (r == null || fromThisSocket(p)) return;
        if (r.cursor.holding()) r.cursor.hold(p);
        else write(r, p);
    }

    private boolean fromThisSocket(PreparedPublication p) {
        var publisher = p.publication().info();
        return publisher != null && socket.id().equals(publisher.client()); // a socket's broadcast skips it
    }

    private void write(Room r, PreparedPublication p) {
        // Socket.IO cannot tell a client it lost events: after a gap it delivers on; duplicates are dropped
        if (r.cursor.stepLoosely(p) == StreamCursor.Step.DUPLICATE) return;
        Namespace ns = socket.namespace;
        PublicationFrames.Frame frame = PublicationFrames.frame(p, ns.name(), r.withChannel,
                r.withChannel ? ns.frameKeyWithChannel : ns.frameKey);
        if (recovery()) frame = frame.withOffset(vector());
        socket.conn.send(frame.text(), frame.attachments());
    }

    private void release(Room r) {
        for (PreparedPublication p : r.cursor.goLive()) {
            if (byChannel.get(r.channel) != r) return;
            write(r, p);
        }
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
            out.append(r.index).append('.').append(r.cursor.offset());
        }
        return out.toString();
    }

    // --- recovery ------------------------------------------------------------------------------------------

    /** A room as kept while its socket is disconnected. */
    record Saved(String name, String channel, boolean withChannel, int index, String epoch, long joinOffset) {
    }

    List<Saved> save() {
        List<Saved> out = new ArrayList<>(byChannel.size());
        for (Room r : byChannel.values()) {
            out.add(new Saved(r.name, r.channel, r.withChannel, r.index, r.cursor.epoch(), r.joinOffset));
        }
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
            Room r = new Room(s.name(), s.channel(), s.withChannel(), s.index());
            // every restored room holds its live publications until the missed ones are out (releaseAll)
            byChannel.put(s.channel(), r);
            Optional<ChannelOptions> options = node().optionsFor(s.channel());
            boolean readable = s.index() >= 0 && options.isPresent() && options.get().historyEnabled();
            StreamPosition since = new StreamPosition(seen.getOrDefault(s.index(), s.joinOffset()), s.epoch());
            if (s.index() >= 0) {
                r.joinOffset = s.joinOffset();
                r.cursor.startAt(since);
                indexed.set(s.index(), r);
            }
            CompletableFuture<SubscribeSequence.Started> started = SubscribeSequence.start(node(), socket, s.channel(),
                    options.orElse(null), readable ? SubscribeSequence.Read.RECOVER : SubscribeSequence.Read.NOTHING, since);
            if (s.index() < 0) reads.add(started.thenApply(v -> List.of()));
            else if (!readable) reads.add(started.thenApply(v -> null)); // tracked but no history any more
            else reads.add(started.thenApply(st -> st.recovered() ? prepared(s.channel(), st) : null));
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
        for (Room r : rooms) out.add(r == null ? new Room("", "", false, -1) : r);
        return out;
    }

    private static List<PreparedPublication> prepared(String channel, SubscribeSequence.Started result) {
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
            if (r != null && !fromThisSocket(p)) write(r, p);
        }
        for (Room r : List.copyOf(byChannel.values())) release(r);
    }
}
