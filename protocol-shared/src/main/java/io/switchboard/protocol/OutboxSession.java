package io.switchboard.protocol;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Session;

/**
 * A core session whose deliveries all go through its {@link Outbox}: the core calls these from any thread, the
 * outbox hands them to the connection's loop, weighed, under the slow-client bound. A protocol's connection
 * extends this and writes only its {@link Outbox.Receiver}.
 */
public abstract class OutboxSession implements Session {
    /** The connection's one outbox, created in its constructor. */
    protected abstract Outbox outbox();

    @Override
    public final void deliver(PreparedPublication publication) {
        outbox().publication(publication);
    }

    /** A protocol without presence events overrides this and {@link #deliverLeave} to drop them at once. */
    @Override
    public void deliverJoin(String channel, ClientInfo info) {
        outbox().join(channel, info);
    }

    @Override
    public void deliverLeave(String channel, ClientInfo info) {
        outbox().leave(channel, info);
    }

    @Override
    public final long queuedBytes() {
        return outbox().queuedBytes();
    }
}
