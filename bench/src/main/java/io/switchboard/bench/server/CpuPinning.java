package io.switchboard.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Pins processes to CPUs with {@code taskset}, so server and generator do not steal each other's core. */
public final class CpuPinning {
    private CpuPinning() {
    }

    public static boolean available() {
        return machineCpus() >= 2
                && (Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")));
    }

    /**
     * The machine's CPUs, not this process's: under {@code taskset -c 1 java …} the JVM reports one available
     * processor, and the server it starts must still go to the other CPU.
     */
    static int machineCpus() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Pins every existing thread of this JVM to {@code cpus}; threads started later inherit the mask of the
     * thread that starts them. Call before creating event loops.
     */
    public static void pinThisProcess(String cpus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("taskset failed: " + out.trim());
        }
    }
}
