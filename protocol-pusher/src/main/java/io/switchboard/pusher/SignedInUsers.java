package io.switchboard.pusher;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's signed-in Pusher connections by app and user: what terminate_connections closes, and who is online
 * for watchlists (online: signed in on at least one connection). Connections come and go on their own loops.
 */
public final class SignedInUsers {
    /** A signed-in connection as the registry needs it. */
    public interface Member {
        /** Closes the connection as terminated by the app (4009); may be called from any thread. */
        void terminate();

        /** A watchlist event for this connection (online or offline users); may be called from any thread. */
        void watchlist(String name, List<String> userIds);

        List<String> watchlist();
    }

    private final Map<String, Set<Member>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<Member>> watchers = new ConcurrentHashMap<>(); // by the user they watch

    private static String key(PusherApp app, String user) {
        return app.id() + '\n' + user;
    }

    /** Adds a signed-in connection; tells the watchers of the user when it comes online. */
    public void add(PusherApp app, String user, Member m) {
        for (String w : m.watchlist()) watchers.computeIfAbsent(key(app, w), k -> ConcurrentHashMap.newKeySet()).add(m);
        boolean[] first = {false};
        byUser.compute(key(app, user), (k, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            set.add(m);
            return set;
        });
        if (first[0]) tellWatchers(app, user, "online", m);
    }

    public void remove(PusherApp app, String user, Member m) {
        for (String w : m.watchlist()) {
            watchers.computeIfPresent(key(app, w), (k, set) -> {
                set.remove(m);
                return set.isEmpty() ? null : set;
            });
        }
        boolean[] last = {false};
        byUser.computeIfPresent(key(app, user), (k, set) -> {
            set.remove(m);
            if (set.isEmpty()) {
                last[0] = true;
                return null;
            }
            return set;
        });
        if (last[0]) tellWatchers(app, user, "offline", null);
    }

    public boolean online(PusherApp app, String user) {
        return byUser.containsKey(key(app, user));
    }

    /** Closes every signed-in connection of the user; how many. */
    public int terminate(PusherApp app, String user) {
        Set<Member> set = byUser.get(key(app, user));
        if (set == null) return 0;
        List<Member> members = List.copyOf(set);
        members.forEach(Member::terminate);
        return members.size();
    }

    private void tellWatchers(PusherApp app, String user, String event, Member except) {
        Set<Member> set = watchers.get(key(app, user));
        if (set == null) return;
        for (Member m : List.copyOf(set)) if (m != except) m.watchlist(event, List.of(user));
    }
}
