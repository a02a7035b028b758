package io.switchboard.bench.measure;

/** CPU time of the server (when its pid is known) and of this generator between {@link #open} and {@link #close}. */
public final class UsageWindow {
    /** What the window saw; server fields are null without a pid. */
    public record Usage(double seconds, Double serverCpuSeconds, Double serverSystemCpuSeconds, Long serverRssBytes,
                        double benchCpuSeconds) {
        /** Server CPU seconds per wall second: how many cores it kept busy. */
        public Double serverCores() {
            return serverCpuSeconds == null || seconds <= 0 ? null : serverCpuSeconds / seconds;
        }
    }

    private final Long serverPid;
    private final long startNanos;
    private final ProcessStats.Sample serverStart;
    private final ProcessStats.Sample benchStart;

    private UsageWindow(Long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = serverPid == null ? null : ProcessStats.read(serverPid);
        this.benchStart = ProcessStats.read(ProcessHandle.current().pid());
        this.startNanos = System.nanoTime();
    }

    public static UsageWindow open(Long serverPid) {
        return new UsageWindow(serverPid);
    }

    public Usage close() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        ProcessStats.Sample bench = ProcessStats.read(ProcessHandle.current().pid());
        double benchCpu = (bench.cpuNanos() - benchStart.cpuNanos()) / 1e9;
        if (serverPid == null) return new Usage(seconds, null, null, null, benchCpu);
        ProcessStats.Sample server = ProcessStats.read(serverPid);
        return new Usage(seconds, (server.cpuNanos() - serverStart.cpuNanos()) / 1e9,
                (server.systemNanos() - serverStart.systemNanos()) / 1e9, server.rssBytes(), benchCpu);
    }
}
