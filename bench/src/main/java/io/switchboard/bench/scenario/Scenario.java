package io.switchboard.bench.scenario;

/** One benchmark scenario. Runs bounded in time and count, and closes every connection it opened. */
public interface Scenario {
    String name();

    /** Channels the subscribers use; reported in the settings. */
    int channels(ScenarioOptions options);

    Outcome run(RunContext context, ScenarioOptions options) throws Exception;
}
