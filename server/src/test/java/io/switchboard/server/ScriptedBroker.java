package io.switchboard.server;

import io.switchboard.core.Broker;
import io.switchboard.core.BrokerEventHandler;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.ControlCommand;
import io.switchboard.core.Engine;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.core.memory.MemoryEngine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The memory engine's broker with two channels that behave like a slow or broken engine: a publish to
 * {@code held} completes only once {@code after} is published to, or a second later; a publish to {@code boom}
 * throws. Every publish is recorded in {@link #events}, so a test can tell whether two publishes overlapped.
 */
final class ScriptedBroker implements Broker {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final MemoryEngine memory = new MemoryEngine();
    private volatile CompletableFuture<Void> release = CompletableFuture.completedFuture(null);

    Engine engine() {
        return new Engine(this, memory, memory);
    }

    @Override
    public void start(BrokerEventHandler handler) {
        memory.start(handler);
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, Publication publication, HistoryOptions history,
                                                     boolean withPrevious) {
        events.add("publish " + channel);
        switch (channel) {
            case "boom" -> throw new IllegalStateException("engine down");
            case "held" -> {
                CompletableFuture<Void> r = new CompletableFuture<>();
                release = r;
                r.completeOnTimeout(null, 1, TimeUnit.SECONDS);
                return r.thenCompose(v -> {
                    events.add("released held");
                    return memory.publish(channel, publication, history, withPrevious);
                });
            }
            case "after" -> release.complete(null);
            default -> {
            }
        }
        return memory.publish(channel, publication, history, withPrevious);
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        return memory.publishJoin(channel, info);
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        return memory.publishLeave(channel, info);
    }

    @Override
    public CompletableFuture<Void> publishControl(ControlCommand command) {
        return memory.publishControl(command);
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return memory.subscribe(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return memory.unsubscribe(channel);
    }

    @Override
    public void close() {
        memory.close();
    }
}
