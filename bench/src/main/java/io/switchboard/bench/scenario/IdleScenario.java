package io.switchboard.bench.scenario;

import io.switchboard.bench.client.SubscriberConnector;
import io.switchboard.bench.measure.DeliveryRecorder;
import io.switchboard.bench.measure.JvmMemory;
import io.switchboard.bench.measure.ProcessStats;
import io.switchboard.bench.measure.UsageWindow;
import io.switchboard.bench.report.BenchResult;

import java.util.ArrayList;
import java.util.List;

/**
 * N connections, each subscribed to its own channel, then held open for the duration (answering pings). The
 * server's resident memory before and after gives bytes per connection; its CPU over the hold is the idle cost.
 */
public final class IdleScenario implements Scenario {
    @Override
    public String name() {
        return "idle";
    }

    @Override
    public int channels(ScenarioOptions o) {
        return o.subscribers();
    }

    @Override
    public Outcome run(RunContext ctx, ScenarioOptions o) throws Exception {
        SubscriberRamp.warmUp(ctx, o);
        JvmMemory.Sample jvmBefore = ctx.serverPid() == null ? null : JvmMemory.read(ctx.serverPid());
        Long before = ctx.serverPid() == null ? null : ProcessStats.read(ctx.serverPid()).rssBytes();
        SubscriberConnector connector = new SubscriberConnector(ctx.group(), ctx.channelType(), ctx.target(),
                ctx.protocol(), ctx.sourceAddresses(), new DeliveryRecorder());
        SubscriberRamp.Result ramp = SubscriberRamp.run(connector, o.subscribers(), i -> "idle-" + i,
                o.concurrency(), o.maxFailures(), 120);
        try {
            UsageWindow window = UsageWindow.open(ctx.serverPid());
            Thread.sleep((long) (o.durationSeconds() * 1000));
            UsageWindow.Usage usage = window.close();
            List<String> notes = new ArrayList<>();
            BenchResult.JvmMemory jvm = null;
            JvmMemory.Sample jvmAfter = jvmBefore == null ? null : JvmMemory.read(ctx.serverPid());
            long open = ramp.subscribed().size();
            if (jvmAfter != null && open > 0) {
                Long direct = jvmBefore.otherNativeBytes() == null || jvmAfter.otherNativeBytes() == null ? null
                        : (jvmAfter.otherNativeBytes() - jvmBefore.otherNativeBytes()) / open;
                jvm = new BenchResult.JvmMemory(jvmBefore.heapUsedBytes(), jvmAfter.heapUsedBytes(),
                        (jvmAfter.heapUsedBytes() - jvmBefore.heapUsedBytes()) / open, direct);
                if (direct == null) notes.add("direct memory unknown: start the server with -XX:NativeMemoryTracking=summary");
            }
            BenchResult.ServerUsage server = BenchResult.ServerUsage.unknown();
            if (usage.serverCpuSeconds() != null) {
                long established = ramp.subscribed().size();
                Long perConnection = established == 0 ? null : (usage.serverRssBytes() - before) / established;
                server = ServerUsages.of(ctx.serverPid(), usage, before, perConnection, null);
                notes.add("RSS per connection includes JVM heap growth; a JVM returns little memory to the OS");
            }
            return new Outcome(PublishScenario.connections(ramp, connector), BenchResult.Deliveries.none(), server,
                    jvm, ServerUsages.round(usage.benchCpuSeconds()), ramp.timeline(), notes);
        } finally {
            ramp.closeAll();
        }
    }
}
