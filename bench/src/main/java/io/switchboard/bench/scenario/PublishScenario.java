package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientPublisher;
import io.switchboard.bench.client.Subscriber;
import io.switchboard.bench.client.SubscriberConnector;
import io.switchboard.bench.measure.DeliveryRecorder;
import io.switchboard.bench.measure.Latencies;
import io.switchboard.bench.measure.LatencyTimeline;
import io.switchboard.bench.measure.UsageWindow;
import io.switchboard.bench.payload.Stamp;
import io.switchboard.bench.publish.HttpApiPublisher;
import io.switchboard.bench.publish.PublishLoop;
import io.switchboard.bench.publish.Publisher;
import io.switchboard.bench.report.BenchResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Subscribers spread round-robin over some channels, a fixed-rate publisher (through the server API, or one
 * client connection of the protocol), latency
 * and loss measured at every subscriber. {@link #broadcast()} uses one channel; {@link #manyChannels()} one
 * channel per ten subscribers with the publishes spread round-robin over them.
 */
public final class PublishScenario implements Scenario {
    private static final long UNCONFIRMED_SUBSCRIBE_SETTLE_MILLIS = 1000;
    private final String name;
    private final int subscribersPerChannel;

    private PublishScenario(String name, int subscribersPerChannel) {
        this.name = name;
        this.subscribersPerChannel = subscribersPerChannel;
    }

    public static PublishScenario broadcast() {
        return new PublishScenario("broadcast", 0);
    }

    public static PublishScenario manyChannels() {
        return new PublishScenario("channels", 10);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int channels(ScenarioOptions o) {
        return subscribersPerChannel == 0 ? 1 : Math.max(1, o.subscribers() / subscribersPerChannel);
    }

    @Override
    public Outcome run(RunContext ctx, ScenarioOptions o) throws Exception {
        List<String> channels = IntStream.range(0, channels(o)).mapToObj(i -> name + "-" + i).toList();
        SubscriberRamp.warmUp(ctx, o);
        DeliveryRecorder recorder = new DeliveryRecorder();
        SubscriberConnector connector = new SubscriberConnector(ctx.group(), ctx.channelType(), ctx.target(),
                ctx.protocol(), ctx.sourceAddresses(), recorder);
        SubscriberRamp.Result ramp = SubscriberRamp.run(connector, o.subscribers(),
                i -> channels.get(i % channels.size()), o.concurrency(), o.maxFailures(), 120);
        List<String> notes = new ArrayList<>();
        if (!ctx.protocol().confirmsSubscriptions()) {
            // Subscribes were only sent: let the server act on the last ones before the first publish, which
            // travels on another connection and could otherwise overtake them.
            Thread.sleep(UNCONFIRMED_SUBSCRIBE_SETTLE_MILLIS);
            notes.add("subscriptions unconfirmed by the protocol: waited " + UNCONFIRMED_SUBSCRIBE_SETTLE_MILLIS
                    + " ms before publishing");
        }
        long[] subscribersOn = new long[channels.size()];
        for (Subscriber s : ramp.subscribed()) subscribersOn[Integer.parseInt(s.channelName().substring(name.length() + 1))]++;
        long maxMessages = (long) Math.ceil((o.warmupSeconds() + o.durationSeconds() + 1) * o.rate());
        try (Publisher publisher = ctx.publishRequests() == null
                ? ClientPublisher.connect(ctx.publishGroup(), ctx.channelType(), ctx.target(), ctx.protocol())
                : HttpApiPublisher.connect(ctx.publishGroup(), ctx.channelType(), ctx.apiTarget(), 2, ctx.publishRequests());
             LatencyTimeline timeline = new LatencyTimeline(recorder, () -> ramp.subscribed().size())) {
            PublishLoop loop = new PublishLoop(publisher, ctx.publishGroup().next(), channels, o.rate(), o.payloadBytes(), maxMessages);
            loop.start();
            UsageWindow window;
            UsageWindow.Usage usage;
            try {
                Thread.sleep((long) (o.warmupSeconds() * 1000));
                recorder.openWindow(Stamp.now());
                timeline.start();
                window = UsageWindow.open(ctx.serverPid());
                Thread.sleep((long) (o.durationSeconds() * 1000));
                recorder.closeWindow(Stamp.now());
                usage = window.close();
            } finally {
                loop.stop();
            }
            long expected = 0;
            long unique = drain(publisher, loop, ramp.subscribed(), subscribersOn, o.drainSeconds());
            for (int c = 0; c < subscribersOn.length; c++) expected += loop.acceptedOn(c) * subscribersOn[c];
            Histogram latency = timeline.finish();
            long duplicates = ramp.subscribed().stream().mapToLong(s -> s.sequence().duplicates()).sum();
            if (recorder.unreadable() > 0) notes.add(recorder.unreadable() + " publications without t/seq");
            if (unique > expected) notes.add("received " + (unique - expected) + " more than the server acknowledged");
            double perSecond = recorder.windowDeliveries() / usage.seconds();
            BenchResult.Deliveries deliveries = new BenchResult.Deliveries(loop.sent(), loop.errors(),
                    loop.firstError(), loop.maxLagNanos() / 1e6, ServerUsages.round(usage.seconds()), recorder.windowDeliveries(),
                    ServerUsages.round(perSecond), expected, Math.max(0, expected - unique), duplicates, Latencies.of(latency));
            BenchResult.ServerUsage server = ServerUsages.of(ctx.serverPid(), usage, null, null,
                    usage.serverCpuSeconds() != null && usage.serverCpuSeconds() > 0
                            ? recorder.windowDeliveries() / usage.serverCpuSeconds() : null);
            return new Outcome(connections(ramp, connector), deliveries, server, ServerUsages.round(usage.benchCpuSeconds()),
                    timeline.points(), notes);
        } finally {
            ramp.closeAll();
        }
    }

    /** Waits until every acknowledged publish reached every subscriber of its channel, or progress stops. */
    private static long drain(Publisher publisher, PublishLoop loop, List<Subscriber> subscribers,
                              long[] subscribersOn, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long unique = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = subscribers.stream().mapToLong(s -> s.sequence().unique()).sum();
            long expected = 0;
            for (int c = 0; c < subscribersOn.length; c++) expected += loop.acceptedOn(c) * subscribersOn[c];
            if (publisher.inFlight() == 0 && now >= expected) return now;
            if (now != unique) {
                unique = now;
                lastProgress = System.nanoTime();
            } else if (publisher.inFlight() == 0 && System.nanoTime() - lastProgress > 2_000_000_000L) {
                return now;
            }
            // Polling counters owned by many event loops; a 50 ms tick is noise next to the run.
            Thread.sleep(50);
        }
        return subscribers.stream().mapToLong(s -> s.sequence().unique()).sum();
    }

    static BenchResult.Connections connections(SubscriberRamp.Result ramp, SubscriberConnector connector) {
        return new BenchResult.Connections(ramp.attempted(), ramp.subscribed().size(), ramp.failed(),
                ServerUsages.round(ramp.seconds()), ServerUsages.round(ramp.perSecond()), ramp.peakPerSecond(),
                connector.counters().disconnects(), connector.counters().firstFailure(), ramp.subscribeLatency());
    }
}
