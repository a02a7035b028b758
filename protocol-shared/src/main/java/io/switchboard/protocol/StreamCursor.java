package io.switchboard.protocol;

import io.switchboard.core.PreparedPublication;
import io.switchboard.core.StreamPosition;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one subscription stands in its channel's stream, for every protocol: live publications are held while
 * the subscribe is under way (so its reply, with anything recovered, goes first), then each is checked against
 * the last offset delivered: a duplicate (recovery already sent it) is dropped, a gap or an epoch change means
 * publications were lost. What a protocol does with a gap is its own (Centrifugo ends the subscription with
 * 2500; Socket.IO has no way to say so and delivers on). Event loop only.
 */
public final class StreamCursor {
    public enum Step { DELIVER, DUPLICATE, GAP }

    private final boolean positioned;
    private boolean live;
    private long offset;
    private String epoch = "";
    private List<PreparedPublication> held;

    /** @param positioned whether offsets are tracked (the channel keeps history and the subscription asked for it) */
    public StreamCursor(boolean positioned) {
        this.positioned = positioned;
    }

    public boolean positioned() {
        return positioned;
    }

    /** Still subscribing: publications are held until {@link #goLive}. */
    public boolean holding() {
        return !live;
    }

    public void hold(PreparedPublication p) {
        if (held == null) held = new ArrayList<>();
        held.add(p);
    }

    /** The subscribe is answered: what arrived meanwhile, to pass through {@link #step} in order. */
    public List<PreparedPublication> goLive() {
        live = true;
        List<PreparedPublication> out = held == null ? List.of() : held;
        held = null;
        return out;
    }

    /** The position the subscribe read (or recovery reached): later publications continue from it. */
    public void startAt(StreamPosition position) {
        offset = position.offset();
        epoch = position.epoch();
    }

    /** Checks a live publication and, when it is to be delivered, advances past it. */
    public Step step(PreparedPublication p) {
        long next = p.position().offset();
        if (!positioned || next == 0) return Step.DELIVER; // kept out of the history: says nothing of the stream
        boolean sameEpoch = p.position().epoch().equals(epoch);
        if (next <= offset && sameEpoch) return Step.DUPLICATE;
        if (next != offset + 1 || !sameEpoch) return Step.GAP;
        offset = next;
        return Step.DELIVER;
    }

    /**
     * Accepts whatever offset comes next, for a protocol that delivers on after a gap; duplicates are still
     * dropped. Publications of channels without history (offset 0) always pass.
     */
    public Step stepLoosely(PreparedPublication p) {
        if (!positioned) return Step.DELIVER;
        long next = p.position().offset();
        if (next != 0 && next <= offset) return Step.DUPLICATE;
        offset = next;
        return Step.DELIVER;
    }

    public long offset() {
        return offset;
    }

    public String epoch() {
        return epoch;
    }
}
