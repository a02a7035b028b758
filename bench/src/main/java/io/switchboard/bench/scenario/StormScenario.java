package io.switchboard.bench.scenario;

import io.switchboard.bench.client.SubscriberConnector;
import io.switchboard.bench.measure.DeliveryRecorder;
import io.switchboard.bench.measure.UsageWindow;
import io.switchboard.bench.report.BenchResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Connect storm: up to N connections opened and subscribed as fast as the server accepts them (with
 * {@code --concurrency} attempts in flight), stopping at the first failures ({@code --max-failures}). Reports
 * connections per second, overall and in the best second, and connect+subscribe latency.
 */
public final class StormScenario implements Scenario {
    @Override
    public String name() {
        return "storm";
    }

    @Override
    public int channels(ScenarioOptions o) {
        return o.subscribers();
    }

    @Override
    public Outcome run(RunContext ctx, ScenarioOptions o) throws Exception {
        SubscriberRamp.warmUp(ctx, o);
        SubscriberConnector connector = new SubscriberConnector(ctx.group(), ctx.channelType(), ctx.target(),
                ctx.protocol(), ctx.sourceAddresses(), new DeliveryRecorder());
        UsageWindow window = UsageWindow.open(ctx.serverPid());
        SubscriberRamp.Result ramp = SubscriberRamp.run(connector, o.subscribers(), i -> "storm-" + i,
                o.concurrency(), o.maxFailures(), o.durationSeconds());
        UsageWindow.Usage usage = window.close();
        try {
            List<String> notes = new ArrayList<>();
            if (ramp.attempted() < o.subscribers()) {
                notes.add("stopped after " + ramp.attempted() + " attempts: "
                        + (ramp.failed() > o.maxFailures() ? "failures" : "--duration reached"));
            }
            BenchResult.ServerUsage server = ServerUsages.of(ctx.serverPid(), usage, null, null, null);
            return new Outcome(PublishScenario.connections(ramp, connector), BenchResult.Deliveries.none(), server,
                    ServerUsages.round(usage.benchCpuSeconds()), ramp.timeline(), notes);
        } finally {
            ramp.closeAll();
        }
    }
}
