package io.switchboard.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatsTest {
    @Test
    void userAndSystemTicksAreFoundEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0";

        // 250 user and 50 system ticks at 100 per second
        assertThat(ProcessStats.cpuNanos(stat)).containsExactly(2_500_000_000L, 500_000_000L);
    }

    @Test
    void residentMemoryComesFromVmRssInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  2048 kB\nThreads:\t30\n";

        assertThat(ProcessStats.rssBytes(status)).isEqualTo(2048 * 1024);
    }

    @Test
    void thisProcessCanBeMeasured() {
        ProcessStats.Sample sample = ProcessStats.read(ProcessHandle.current().pid());

        assertThat(sample.rssBytes()).isPositive();
        assertThat(sample.cpuNanos()).isPositive();
    }
}
