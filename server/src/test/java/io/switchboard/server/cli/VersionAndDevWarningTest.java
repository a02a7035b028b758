package io.switchboard.server.cli;

import io.switchboard.server.Main;
import io.switchboard.server.Switchboard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionAndDevWarningTest {
    @Test
    void versionIsACommandAsWellAsAFlag() {
        Run command = Run.of(new Main(), "version");
        Run flag = Run.of(new Main(), "-V");
        assertThat(command.exitCode()).isZero();
        assertThat(command.out().strip()).isEqualTo("switchboard " + Switchboard.VERSION);
        assertThat(command.out()).isEqualTo(flag.out());
    }

    @Test
    void onlyLoopbackAddressesSpareTheSecondDevWarning() {
        assertThat(ServeCommand.loopback("127.0.0.1")).isTrue();
        assertThat(ServeCommand.loopback("localhost")).isTrue();
        assertThat(ServeCommand.loopback("::1")).isTrue();
        assertThat(ServeCommand.loopback("0.0.0.0")).isFalse();
        assertThat(ServeCommand.loopback("::")).isFalse();
        assertThat(ServeCommand.loopback("10.1.2.3")).isFalse();
    }
}
