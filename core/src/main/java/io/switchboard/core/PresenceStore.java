package io.switchboard.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Who is in a channel, keyed by client id. */
public interface PresenceStore {
    CompletableFuture<Void> addPresence(String channel, String clientId, ClientInfo info);

    CompletableFuture<Void> removePresence(String channel, String clientId);

    CompletableFuture<Map<String, ClientInfo>> presence(String channel);

    CompletableFuture<PresenceStats> presenceStats(String channel);
}
