package io.switchboard.protocol;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The event loop a connection's state lives on, and what every protocol does with it: run a task there, schedule
 * one, bring a core future's outcome back. The loop may be asked for each time, for a connection that moves
 * (an Engine.IO session moves to its WebSocket's loop on upgrade): a task queued on the old loop re-dispatches.
 */
public final class ConnectionLoop {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    private final Supplier<? extends EventExecutor> loop;

    private ConnectionLoop(Supplier<? extends EventExecutor> loop) {
        this.loop = loop;
    }

    public static ConnectionLoop of(EventExecutor loop) {
        return new ConnectionLoop(() -> loop);
    }

    /** A loop that is looked up at every use: the connection's current one. */
    public static ConnectionLoop following(Supplier<? extends EventExecutor> loop) {
        return new ConnectionLoop(loop);
    }

    public boolean inLoop() {
        return loop.get().inEventLoop();
    }

    /** Runs the task now when on the loop, else queues it there (following the connection if it moves). */
    public void run(Runnable task) {
        EventExecutor l = loop.get();
        if (l.inEventLoop()) task.run();
        else l.execute(() -> run(task));
    }

    /** Runs the task on the connection's loop after the delay; a task that throws is logged, not lost silently. */
    public ScheduledFuture<?> schedule(long delayMs, Runnable task) {
        return loop.get().schedule(() -> run(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("timer failed", e);
            }
        }), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    /** Cancels a timer if there is one; returns null for the field, so a spent timer is not kept. */
    public static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) timer.cancel(false);
        return null;
    }

    /**
     * Runs the callback on the loop when the future completes: in place when it already has and this is the
     * loop (so a reply leaves with the rest of the turn's), else later on the loop, then {@code afterLater}
     * (a flush, say).
     */
    public <T> void whenDone(CompletableFuture<T> future, BiConsumer<T, Throwable> callback, Runnable afterLater) {
        if (future.isDone() && inLoop()) {
            T value = null;
            Throwable err = null;
            try {
                value = future.join();
            } catch (Throwable t) {
                err = t;
            }
            callback.accept(value, err);
        } else {
            future.whenComplete((v, e) -> run(() -> {
                callback.accept(v, e);
                afterLater.run();
            }));
        }
    }
}
