package io.switchboard.protocol;

import io.switchboard.core.Meters;

/**
 * The counts an {@link Outbox} adds to, resolved by its connection once (never per event): the messages it handed
 * over ({@link ProtocolMeters#messagesSent}) and its slow-client cuts, for a protocol whose cut is not counted with
 * its other disconnects ({@code Count.NONE} when it is).
 */
public record OutboxMeters(Meters.Count sent, Meters.Count slowCuts) {
    public static final OutboxMeters NONE = new OutboxMeters(Meters.Count.NONE, Meters.Count.NONE);
}
