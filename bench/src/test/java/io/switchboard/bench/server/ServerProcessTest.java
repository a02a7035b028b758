package io.switchboard.bench.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerProcessTest {
    @Test
    void startedServersListenOnlyInTheBenchmarkPortRange() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(ServerProcess.freePort()).isBetween(ServerProcess.FIRST_PORT, ServerProcess.LAST_PORT);
        }
    }
}
