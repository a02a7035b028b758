package io.switchboard.server.config;

import io.switchboard.transport.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code http_server.read_header_timeout}, {@code idle_timeout} and {@code max_connections}. */
class HttpServerLimitsConfigTest {
    @TempDir
    Path dir;

    private static ConnectionLimits limits(Path file, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(file, false, env, ConfigLoader.Overrides.NONE).httpServer().limits();
    }

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private List<String> errorsOf(String json) throws IOException {
        Path f = file(json);
        return ConfigErrors.of(() -> ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE)).errors();
    }

    @Test
    void theDefaultsAreTenSecondsForAHeadTwoMinutesIdleAndMostOfTheOpenFileLimit() throws Exception {
        ConnectionLimits l = limits(null, Map.of());
        assertThat(l.readHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(l.maxConnections()).isEqualTo(ConnectionLimits.defaultMaxConnections());
        assertThat(ConfigLoader.load(null, true, Map.of(), ConfigLoader.Overrides.NONE).httpServer().limits())
                .isEqualTo(l);
    }

    @Test
    void theFileSetsThemAndZeroTurnsThemOff() throws Exception {
        assertThat(limits(file("""
                {"http_server": {"read_header_timeout": "3s", "idle_timeout": 30, "max_connections": 500}}"""), Map.of()))
                .isEqualTo(new ConnectionLimits(Duration.ofSeconds(3), Duration.ofSeconds(30), 500));
        assertThat(limits(file("""
                {"http_server": {"read_header_timeout": 0, "idle_timeout": "0s", "max_connections": 0}}"""), Map.of()))
                .isEqualTo(ConnectionLimits.NONE);
    }

    @Test
    void theEnvironmentOverridesTheFile() throws Exception {
        ConnectionLimits l = limits(file("{\"http_server\": {\"idle_timeout\": \"30s\"}}"), Map.of(
                "SWITCHBOARD_HTTP_SERVER_READ_HEADER_TIMEOUT", "500ms",
                "SWITCHBOARD_HTTP_SERVER_IDLE_TIMEOUT", "1m",
                "SWITCHBOARD_HTTP_SERVER_MAX_CONNECTIONS", "1000"));
        assertThat(l).isEqualTo(new ConnectionLimits(Duration.ofMillis(500), Duration.ofMinutes(1), 1000));
    }

    @Test
    void badValuesAreNamedByTheirFullKey() throws IOException {
        assertThat(errorsOf("""
                {"http_server": {"read_header_timeout": "soon", "idle_timeout": -5, "max_connections": -1}}"""))
                .containsExactly(
                        "http_server.read_header_timeout: \"soon\" is not a duration"
                                + " (use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number)",
                        "http_server.idle_timeout: -5 is not a duration"
                                + " (use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number)",
                        "http_server.max_connections: -1 must be at least 0");
        assertThat(errorsOf("{\"http_server\": {\"max_connections\": \"many\"}}"))
                .containsExactly("http_server.max_connections: expected an integer, got a string (\"many\")");
        assertThat(errorsOf("{\"http_server\": {\"idle_timout\": \"1m\"}}"))
                .containsExactly("http_server.idle_timout: unknown key (did you mean http_server.idle_timeout?)");
    }

    @Test
    void aBadEnvironmentValueNamesItsKey() {
        List<String> errors = ConfigErrors.of(() -> ConfigLoader.load(null, false,
                Map.of("SWITCHBOARD_HTTP_SERVER_MAX_CONNECTIONS", "lots"), ConfigLoader.Overrides.NONE)).errors();
        assertThat(errors).singleElement().asString().startsWith("http_server.max_connections").contains("lots");
    }
}
