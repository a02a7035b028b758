package io.switchboard.core;

import java.util.concurrent.CompletableFuture;

/** Reads and removes channel history streams (appends happen in {@link Broker#publish}). */
public interface HistoryStore {
    CompletableFuture<HistoryResult> history(String channel, HistoryFilter filter, HistoryOptions options);

    CompletableFuture<Void> removeHistory(String channel);
}
