package io.switchboard.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchMainTest {
    @Test
    void aTargetOutsideLoopbackIsRefusedBeforeAnyConnectionIsMade() {
        int code = BenchMain.run("broadcast", "--target", "ws://192.0.2.1:8000", "--duration", "1");

        assertThat(code).isNotZero();
    }

    @Test
    void anUnknownProtocolIsRefused() {
        int code = BenchMain.run("broadcast", "--target", "ws://127.0.0.1:1", "--protocol", "stomp", "--duration", "1");

        assertThat(code).isNotZero();
    }

    @Test
    void tasksetCpuListsAreCounted() {
        assertThat(BenchRunner.cpuCount("1")).isEqualTo(1);
        assertThat(BenchRunner.cpuCount("2-3")).isEqualTo(2);
        assertThat(BenchRunner.cpuCount("0,2-4")).isEqualTo(4);
    }
}
