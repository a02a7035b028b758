package io.switchboard.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckconfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void aValidConfigIsOkAndItsWarningsArePrinted() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{}");

        Run run = Run.of(new CheckconfigCommand(Map.of()), "-c", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("config OK: " + file);
        assertThat(run.err().lines()).hasSize(3).allMatch(line -> line.startsWith("warning: "))
                .anyMatch(line -> line.contains("client.allowed_origins is empty"));
    }

    @Test
    void everyErrorIsPrintedAndTheExitCodeIsOne() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                engine:
                  type: nats
                client:
                  ping_interval: abc
                """);

        Run run = Run.of(new CheckconfigCommand(Map.of()), "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                "error: client.ping_interval: \"abc\" is not a duration"
                        + " (use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number)",
                "error: engine.type: \"nats\" is not an engine (allowed: memory, redis)");
    }

    @Test
    void theEnvironmentIsCheckedTooAndWarningsComeWithErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{}");
        Map<String, String> env = Map.of("SWITCHBOARD_HTTP_SERVER_PORT", "x", "SWITCHBOARD_HTTP_PORT", "1");

        Run run = Run.of(new CheckconfigCommand(env), "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "error: http_server.port: \"x\" is not an integer (set by SWITCHBOARD_HTTP_SERVER_PORT)",
                "warning: SWITCHBOARD_HTTP_PORT is not a config key and is ignored"
                        + " (did you mean SWITCHBOARD_HTTP_SERVER_PORT?)");
    }

    @Test
    void aMissingFileIsAnError() {
        Run run = Run.of(new CheckconfigCommand(Map.of()), "-c", dir.resolve("none.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such file");
    }
}
