package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.bench.measure.DeliveryRecorder;
import io.switchboard.bench.measure.SequenceTracker;
import io.switchboard.bench.payload.Stamp;

import java.util.concurrent.CompletableFuture;

/**
 * One subscriber connection: the last handler of its pipeline, bridging frames to its {@link ProtocolSession}
 * and publications to the {@link DeliveryRecorder}. All state is touched by the connection's event loop only.
 */
public final class Subscriber extends ClientWebSocketHandler implements SessionEvents {
    private final ProtocolSession session;
    private final DeliveryRecorder recorder;
    private final ConnectionCounters counters;
    private final SequenceTracker sequence = new SequenceTracker();
    private final CompletableFuture<Subscriber> ready = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private final String channelName;
    private volatile long subscribedNanos;
    private boolean closing;
    private long arrivedNanos;

    Subscriber(String channelName, ProtocolSession session, DeliveryRecorder recorder, ConnectionCounters counters) {
        this.channelName = channelName;
        this.session = session;
        this.recorder = recorder;
        this.counters = counters;
    }

    /** Completes once subscribed; fails when the connection or the subscription fails first. */
    public CompletableFuture<Subscriber> ready() {
        return ready;
    }

    public String channelName() {
        return channelName;
    }

    public SequenceTracker sequence() {
        return sequence;
    }

    /** Nanoseconds from starting the TCP connect to the confirmed subscription. */
    public long subscribeLatencyNanos() {
        return subscribedNanos - startedNanos;
    }

    /** When the subscription was confirmed ({@link System#nanoTime()}), 0 before. */
    public long subscribedAtNanos() {
        return subscribedNanos;
    }

    /** Closes without counting it as a disconnect; the future completes once the socket is closed. */
    public io.netty.util.concurrent.Future<?> close() {
        Channel ch = channel;
        if (ch == null) return io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        ch.eventLoop().execute(() -> {
            closing = true;
            ch.close();
        });
        return ch.closeFuture();
    }

    @Override
    void opened(Channel ch) {
        session.start(ch);
    }

    @Override
    void onData(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // One clock read per frame: every message in it arrived at the same moment.
        arrivedNanos = Stamp.now();
        session.onFrame(frame, ctx.channel(), this);
    }

    @Override
    public void subscribed() {
        if (ready.isDone()) return;
        subscribedNanos = System.nanoTime();
        ready.complete(this);
    }

    @Override
    public void publication(ByteBuf buf, int from, int to) {
        recorder.record(buf, from, to, arrivedNanos, sequence);
    }

    @Override
    public void failed(String reason) {
        counters.failure(reason);
        if (!ready.isDone()) ready.completeExceptionally(new ConnectionFailure(reason));
        if (channel != null) channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ready.isDone()) {
            ready.completeExceptionally(new ConnectionFailure("connection closed before subscribing"));
        } else if (!closing) {
            counters.disconnected();
        }
        super.channelInactive(ctx);
    }
}
