package io.switchboard.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap and native memory of a local JVM, through {@code jcmd}: a full GC first ({@code GC.run}), then the
 * heap's used bytes ({@code GC.heap_info}) and, when the JVM runs with {@code -XX:NativeMemoryTracking=summary},
 * the committed bytes of NMT's "Other" category, where direct buffers (Netty's pooled ones included) are
 * counted. RSS cannot tell these apart from heap the JVM committed and keeps; this can.
 */
public final class JvmMemory {
    /** One reading; {@code otherNativeBytes} is null without native memory tracking. */
    public record Sample(long heapUsedBytes, Long otherNativeBytes) {
    }

    // " PSYoungGen      total 305664K, used 15729K", " garbage-first heap   total 262144K, used 5120K",
    // " ZHeap           used 12M, capacity 32M", " def new generation   total 4928K, used 1234K": the generation
    // lines start with one space; their sub-lines (eden, from, to, object space, Metaspace's class space) with more.
    private static final Pattern GENERATION_USED = Pattern.compile("(?m)^ (?!Metaspace)\\S[^\\n]*?used (\\d+)([KMG])");
    private static final Pattern OTHER = Pattern.compile("(?m)^-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    private JvmMemory() {
    }

    /** Null when {@code pid} is not a JVM jcmd can attach to (a Node peer, say). */
    public static Sample read(long pid) {
        // jcmd attaches by sending SIGQUIT, which ends a process that is not a JVM: ask only a java executable.
        if (!isJava(pid)) return null;
        String gc = jcmd(pid, "GC.run");
        if (gc == null) return null;
        String heap = jcmd(pid, "GC.heap_info");
        if (heap == null) return null;
        Long used = heapUsed(heap);
        if (used == null) return null;
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        return new Sample(used, nmt == null ? null : otherCommitted(nmt));
    }

    private static boolean isJava(long pid) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
            return exe.getFileName() != null && exe.getFileName().toString().equals("java");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Long heapUsed(String heapInfo) {
        Matcher m = GENERATION_USED.matcher(heapInfo);
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            long value = Long.parseLong(m.group(1));
            sum += switch (m.group(2)) {
                case "K" -> value << 10;
                case "M" -> value << 20;
                default -> value << 30;
            };
            found = true;
        }
        return found ? sum : null;
    }

    static Long otherCommitted(String nmtSummary) {
        Matcher m = OTHER.matcher(nmtSummary);
        return m.find() ? Long.parseLong(m.group(1)) << 10 : null;
    }

    private static String jcmd(long pid, String... command) {
        String[] args = new String[command.length + 2];
        args[0] = "jcmd";
        args[1] = Long.toString(pid);
        System.arraycopy(command, 0, args, 2, command.length);
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            // jcmd exits 0 on some refusals and says so instead.
            if (out.contains("Exception") || out.contains("not enabled")) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
