package io.switchboard.pusher;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One channel of one Pusher connection. Until its {@code subscription_succeeded} is out, publications and
 * presence events are held, so they follow the reply. A presence channel keeps its members as the subscriber sees
 * them: each user with the connections it is present on, so a user counts once however many connections it has
 * (member_added on the first, member_removed after the last). Event loop only.
 */
final class ChannelSubscription {
    final String name;
    final String core;
    final ChannelType type;
    final boolean cache;
    /** For presence: this connection's member entry (user id and info), null otherwise. */
    ClientInfo member;
    private boolean live;
    private long lastOffset; // cache channels: what the replay sent, so a live copy of it is dropped
    private List<Object> held;
    private final Map<String, Set<String>> clientsByUser = new LinkedHashMap<>();

    ChannelSubscription(String name, String core) {
        this.name = name;
        this.core = core;
        this.type = ChannelType.of(name);
        this.cache = ChannelType.isCache(name);
    }

    boolean live() {
        return live;
    }

    void hold(Object event) {
        if (held == null) held = new ArrayList<>();
        held.add(event);
    }

    /** The reply is out: what arrived meanwhile, in order. */
    List<Object> goLive(long replayedOffset) {
        live = true;
        lastOffset = replayedOffset;
        List<Object> out = held == null ? List.of() : held;
        held = null;
        return out;
    }

    /** A live publication that the cache replay already delivered. */
    boolean replayed(PreparedPublication p) {
        long o = p.position().offset();
        return cache && o != 0 && o <= lastOffset;
    }

    /** The presence snapshot: every member (client → info) as the store had it. */
    Map<String, String> members(Map<String, ClientInfo> presence) {
        Map<String, String> users = new LinkedHashMap<>();
        for (ClientInfo info : presence.values()) {
            clientsByUser.computeIfAbsent(info.user(), u -> new HashSet<>()).add(info.client());
            users.putIfAbsent(info.user(), info.chanInfo() == null ? null : new String(info.chanInfo(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return users;
    }

    /** Whether this join makes the user a new member (its first connection here). */
    boolean joined(ClientInfo info) {
        Set<String> clients = clientsByUser.computeIfAbsent(info.user(), u -> new HashSet<>());
        return clients.add(info.client()) && clients.size() == 1;
    }

    /** Whether this leave removes the user (its last connection here). */
    boolean left(ClientInfo info) {
        Set<String> clients = clientsByUser.get(info.user());
        if (clients == null || !clients.remove(info.client())) return false;
        if (clients.isEmpty()) {
            clientsByUser.remove(info.user());
            return true;
        }
        return false;
    }

    int users() {
        return clientsByUser.size();
    }
}
