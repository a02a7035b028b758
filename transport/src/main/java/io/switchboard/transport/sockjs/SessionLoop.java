package io.switchboard.transport.sockjs;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The one thread and the clock of a SockJS session: a Netty event loop, or a fake clock in tests. */
public interface SessionLoop {
    /** Runs the task later on this loop; the handle cancels it. */
    Runnable schedule(long delayMillis, Runnable task);

    /** Runs the task on this loop: now when already on it. */
    void execute(Runnable task);

    static SessionLoop of(EventLoop loop) {
        return new SessionLoop() {
            @Override
            public Runnable schedule(long delayMillis, Runnable task) {
                ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                if (loop.inEventLoop()) task.run();
                else loop.execute(task);
            }
        };
    }
}
