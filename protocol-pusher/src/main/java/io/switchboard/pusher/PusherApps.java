package io.switchboard.pusher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A server's Pusher apps, by key (WebSocket) and by id (HTTP API). At most one shares the core's channel names. */
public final class PusherApps {
    private final Map<String, PusherApp> byKey = new LinkedHashMap<>();
    private final Map<String, PusherApp> byId = new LinkedHashMap<>();

    public PusherApps(Collection<PusherApp> apps) {
        int sharing = 0;
        for (PusherApp a : apps) {
            if (byKey.putIfAbsent(a.key(), a) != null) throw new IllegalArgumentException("two Pusher apps with key " + a.key());
            if (byId.putIfAbsent(a.id(), a) != null) throw new IllegalArgumentException("two Pusher apps with id " + a.id());
            if (a.sharesCoreNames()) sharing++;
        }
        if (sharing > 1) throw new IllegalArgumentException("only one Pusher app may share the core's channel names");
        List<String> namespaces = new ArrayList<>();
        for (PusherApp a : apps) {
            if (!a.sharesCoreNames() && namespaces.contains(a.namespace())) {
                throw new IllegalArgumentException("two Pusher apps in namespace " + a.namespace());
            }
            namespaces.add(a.namespace());
        }
    }

    /**
     * The apps as configured: the first without a namespace of its own shares the core's names, and the others
     * live in a namespace named after their id.
     */
    public static PusherApps assigning(List<PusherApp> apps) {
        List<PusherApp> out = new ArrayList<>();
        boolean shared = false;
        for (PusherApp a : apps) {
            if (a.sharesCoreNames() && !shared) {
                shared = true;
                out.add(a);
            } else {
                out.add(a.sharesCoreNames() ? a.withNamespace(a.id()) : a);
            }
        }
        return new PusherApps(out);
    }

    public PusherApp byKey(String key) {
        return byKey.get(key);
    }

    public PusherApp byId(String id) {
        return byId.get(id);
    }

    public Collection<PusherApp> all() {
        return byId.values();
    }

    /** The app a core channel belongs to, or null. */
    public PusherApp ofCoreChannel(String coreChannel) {
        for (PusherApp a : byId.values()) if (a.pusherChannel(coreChannel) != null) return a;
        return null;
    }
}
