package io.switchboard.transport.sockjs;

import java.util.ArrayList;
import java.util.List;

/** A receiver that records frames: a poll ends after one, a stream after {@code frames} of them. */
final class FakeReceiver implements Receiver {
    final List<String> frames = new ArrayList<>();
    private final int capacity;
    boolean ended;
    boolean dropped;

    private FakeReceiver(int capacity) {
        this.capacity = capacity;
    }

    static FakeReceiver poll() {
        return new FakeReceiver(1);
    }

    static FakeReceiver stream() {
        return new FakeReceiver(Integer.MAX_VALUE);
    }

    static FakeReceiver streamOf(int frames) {
        return new FakeReceiver(frames);
    }

    @Override
    public boolean write(String frame) {
        if (ended) throw new AssertionError("written after its end: " + frame);
        frames.add(frame);
        if (frames.size() >= capacity) ended = true;
        return !ended;
    }

    @Override
    public boolean isOpen() {
        return !dropped;
    }

    @Override
    public void end() {
        ended = true;
    }
}
