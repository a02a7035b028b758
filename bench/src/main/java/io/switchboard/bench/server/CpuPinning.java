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
        return Runtime.getRuntime().availableProcessors() >= 2
                && (Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")));
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
