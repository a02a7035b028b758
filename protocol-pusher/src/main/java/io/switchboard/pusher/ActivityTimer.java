package io.switchboard.pusher;

import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.ConnectionLoop;

import java.util.function.LongSupplier;

/**
 * Pusher's activity check for one connection: after the activity timeout without a message the server pings, and
 * when neither a message nor a pong follows within the pong timeout it gives up (4201). Event loop only.
 */
final class ActivityTimer {
    private final ConnectionLoop loop;
    private final PusherSettings settings;
    private final LongSupplier clock;
    private final Runnable ping;
    private final Runnable expired;
    private long lastActivity;
    private boolean pinged;
    private boolean stopped;
    private ScheduledFuture<?> timer;

    /** {@code ping} sends a ping; {@code expired} closes the connection for a missing pong. */
    ActivityTimer(ConnectionLoop loop, PusherSettings settings, LongSupplier clock, Runnable ping, Runnable expired) {
        this.loop = loop;
        this.settings = settings;
        this.clock = clock;
        this.ping = ping;
        this.expired = expired;
    }

    void start() {
        lastActivity = clock.getAsLong();
        schedule(settings.activityTimeout().toMillis());
    }

    /** Something arrived that is not an answer to a ping (a binary message). */
    void heard() {
        lastActivity = clock.getAsLong();
    }

    /** A message or pong arrived: the connection is alive, a pending ping is answered. */
    void answered() {
        lastActivity = clock.getAsLong();
        pinged = false;
    }

    void stop() {
        stopped = true;
        timer = ConnectionLoop.cancel(timer);
    }

    private void schedule(long delayMs) {
        timer = loop.schedule(delayMs, this::check);
    }

    private void check() {
        if (stopped) return;
        long idle = clock.getAsLong() - lastActivity;
        long timeout = settings.activityTimeout().toMillis();
        long pongTimeout = settings.pongTimeout().toMillis();
        if (pinged) {
            if (idle >= timeout + pongTimeout) {
                expired.run();
                return;
            }
            schedule(timeout + pongTimeout - idle);
            return;
        }
        if (idle >= timeout) {
            pinged = true;
            ping.run();
            schedule(pongTimeout);
        } else {
            schedule(timeout - idle);
        }
    }
}
