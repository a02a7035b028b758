package io.switchboard.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Centrifugo v6's {@code prometheus} section: {@code enabled} is served, the other keys load with a warning. */
class PrometheusConfigTest {
    private static final String QUIET = "\"client\": {\"insecure\": true, \"allowed_origins\": [\"*\"]},"
            + " \"http_api\": {\"insecure\": true}";

    @TempDir
    Path dir;

    private SwitchboardConfig load(String json, Map<String, String> env) throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), json);
        return ConfigLoader.load(f, false, env, ConfigLoader.Overrides.NONE);
    }

    @Test
    void prometheusIsOffByDefaultAndOnWithEnabled() throws Exception {
        assertThat(load("{" + QUIET + "}", Map.of()).prometheusEnabled()).isFalse();
        SwitchboardConfig on = load("{" + QUIET + ", \"prometheus\": {\"enabled\": true}}", Map.of());
        assertThat(on.prometheusEnabled()).isTrue();
        assertThat(on.warnings()).isEmpty();
    }

    @Test
    void theEnvironmentTurnsItOn() throws Exception {
        assertThat(load("{" + QUIET + "}", Map.of("SWITCHBOARD_PROMETHEUS_ENABLED", "true")).prometheusEnabled())
                .isTrue();
    }

    @Test
    void centrifugosKeysThatAreNotServedLoadWithAWarningNamingThem() throws Exception {
        SwitchboardConfig c = load("{" + QUIET + ", \"prometheus\": {\"enabled\": true,"
                + " \"instrument_http_handlers\": true, \"native_histograms\": true}}", Map.of());
        assertThat(c.prometheusEnabled()).isTrue();
        assertThat(c.warnings()).hasSize(2);
        assertThat(c.warnings().get(0)).startsWith("prometheus.instrument_http_handlers is not served yet");
        assertThat(c.warnings().get(1)).startsWith("prometheus.native_histograms is not served yet");
    }

    @Test
    void aMistypedKeyOrValueIsAnErrorNamingIt() {
        assertThatThrownBy(() -> load("{" + QUIET + ", \"prometheus\": {\"enabeld\": true}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prometheus.enabeld");
        assertThatThrownBy(() -> load("{" + QUIET + ", \"prometheus\": {\"enabled\": \"yes\"}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prometheus.enabled");
    }
}
