package io.switchboard.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** CPU time and resident memory of a process, read from /proc (Linux only). */
public final class ProcessStats {
    /** A reading: user and system CPU time in nanoseconds and VmRSS in bytes. */
    public record Sample(long userNanos, long systemNanos, long rssBytes) {
        public long cpuNanos() {
            return userNanos + systemNanos;
        }
    }

    private static final long CLOCK_TICKS = clockTicks();

    private ProcessStats() {
    }

    public static Sample read(long pid) {
        try {
            long[] cpu = cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return new Sample(cpu[0], cpu[1], rssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status"))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (is the process alive and local?)", e);
        }
    }

    /** {utime, stime} of a /proc/PID/stat line in ns. The command name may hold spaces, so fields count from its ')'. */
    static long[] cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        return new long[] {Long.parseLong(fields[11]) * 1_000_000_000L / CLOCK_TICKS,
                Long.parseLong(fields[12]) * 1_000_000_000L / CLOCK_TICKS};
    }

    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        return 0;
    }

    /** {@code getconf CLK_TCK}, read once; 100 (every mainstream Linux) when getconf is missing. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
