package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.Command;
import io.switchboard.centrifugo.internal.codec.Method;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code client.concurrency} as Centrifugo reads it: at most that many of a connection's commands wait on their
 * reply at once (one when it is 0 or 1). Centrifugo's reader stops at a command beyond the bound, so every command
 * after it waits too, in order; here they wait in this queue, which is bounded instead of the socket.
 */
final class CommandSlots {
    /** Commands a client may have waiting behind the bound; one more is a client sending faster than it is served. */
    static final int MAX_WAITING = 1024;
    /** The commands Centrifugo runs through its concurrency semaphore; the others are answered in order at once. */
    private static final Set<Method> BOUNDED = EnumSet.of(Method.SUBSCRIBE, Method.PUBLISH, Method.PRESENCE,
            Method.PRESENCE_STATS, Method.HISTORY, Method.RPC, Method.REFRESH, Method.SUB_REFRESH);

    private final int limit;
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    /** Ids of started bounded commands not answered yet. */
    private final List<Long> answering = new ArrayList<>();

    CommandSlots(int concurrency) {
        this.limit = Math.max(1, concurrency);
    }

    /** Queues a command of the client's; false when the queue is full. */
    boolean add(Command c) {
        if (waiting.size() >= MAX_WAITING) return false;
        waiting.add(c);
        return true;
    }

    /** The next command to run now, or null while the first waiting one must wait; {@code held} while a connect runs. */
    Command next(boolean held) {
        Command c = waiting.peek();
        if (c == null || held) return null;
        boolean bounded = c.id() > 0 && BOUNDED.contains(c.method());
        if (bounded && answering.size() >= limit) return null;
        waiting.poll();
        if (bounded) answering.add(c.id());
        return c;
    }

    /** A reply left for this id: its slot is free. Whether commands are waiting. */
    boolean replied(long id) {
        answering.remove(Long.valueOf(id));
        return !waiting.isEmpty();
    }
}
