package io.switchboard.socketio;

import io.switchboard.socketio.engine.internal.RandomIds;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection state recovery: what a socket that dropped keeps for {@code maxDisconnectionDuration}, under a
 * private session id ({@code pid}) only its client knows. The events themselves are not kept here: they are in
 * the rooms' channel history, read again from the offsets the client last saw.
 */
final class Recovery {
    /** Disconnect reasons after which a client may come back and recover, as the Node server has them. */
    private static final Set<String> RECOVERABLE = Set.of("transport error", "transport close", "forced close",
            "ping timeout", "server shutting down", "forced server close");

    record Saved(String pid, String nsp, String id, String user, Map<String, Object> data, List<Rooms.Saved> rooms,
                 long expiresAt) {
    }

    private final SocketIoOptions options;
    private final Map<String, Saved> saved = new ConcurrentHashMap<>();
    private volatile long nextPurge;

    Recovery(SocketIoOptions options) {
        this.options = options;
    }

    String newPid() {
        return RandomIds.next();
    }

    void persistIfRecoverable(SocketIoSocket s, String reason) {
        if (!options.recovery() || s.pid == null || !RECOVERABLE.contains(reason)) return;
        long now = System.currentTimeMillis();
        saved.put(s.pid, new Saved(s.pid, s.namespace.name(), s.id(), s.user(), new LinkedHashMap<>(s.dataIfAny()),
                s.rooms.save(), now + options.maxDisconnectionDuration().toMillis()));
        if (now >= nextPurge) {
            nextPurge = now + 10_000;
            saved.values().removeIf(x -> x.expiresAt() <= now);
        }
    }

    /** The saved session for a pid, removed (a pid recovers once), or null when unknown, expired or elsewhere. */
    Saved take(String pid, String nsp) {
        Saved s = saved.remove(pid);
        if (s == null || s.expiresAt() <= System.currentTimeMillis() || !s.nsp().equals(nsp)) return null;
        return s;
    }

    /**
     * The rooms' offsets in an event offset such as {@code 0.42,1.17}: an empty map when the client saw no event,
     * null when the offset is not one of ours.
     */
    static Map<Integer, Long> parseOffset(Object offset) {
        Map<Integer, Long> out = new HashMap<>();
        if (offset == null || "".equals(offset)) return out;
        if (!(offset instanceof String s) || s.length() > 4096) return null;
        try {
            for (String part : s.split(",", -1)) {
                int dot = part.indexOf('.');
                if (dot <= 0) return null;
                out.put(Integer.parseInt(part.substring(0, dot)), Long.parseLong(part.substring(dot + 1)));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
