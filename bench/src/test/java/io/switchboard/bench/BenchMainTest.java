package io.switchboard.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BenchMainTest {
    /** Exit code and standard error of one run: a refusal must say why, since any failure exits non-zero. */
    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = BenchMain.run(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aTargetOutsideLoopbackIsRefusedBeforeAnyConnectionIsMade() {
        Result r = run("broadcast", "--target", "ws://192.0.2.1:8000", "--duration", "1");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--target ws://192.0.2.1:8000 is not a loopback address");
    }

    @Test
    void anUnknownProtocolIsRefused() {
        Result r = run("broadcast", "--target", "ws://127.0.0.1:1", "--protocol", "stomp", "--duration", "1");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown protocol 'stomp'; known: [centrifugo-json, centrifugo-protobuf");
    }

    @Test
    void tasksetCpuListsAreCounted() {
        assertThat(BenchRunner.cpuCount("1")).isEqualTo(1);
        assertThat(BenchRunner.cpuCount("2-3")).isEqualTo(2);
        assertThat(BenchRunner.cpuCount("0,2-4")).isEqualTo(4);
    }
}
