package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a protocol session reported, for the protocol tests. */
final class RecordingEvents implements SessionEvents {
    boolean subscribed;
    final List<String> publications = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    @Override
    public void subscribed() {
        subscribed = true;
    }

    @Override
    public void publication(ByteBuf buf, int from, int to) {
        publications.add(buf.toString(from, to - from, StandardCharsets.UTF_8));
    }

    @Override
    public void failed(String reason) {
        failures.add(reason);
    }
}
