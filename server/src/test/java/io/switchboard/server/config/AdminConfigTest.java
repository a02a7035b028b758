package io.switchboard.server.config;

import io.switchboard.server.admin.AdminSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code admin} section as Centrifugo v6 names it. */
class AdminConfigTest {
    private static final String QUIET = "\"client\": {\"token\": {\"hmac_secret_key\": \"s\"}, \"allowed_origins\": [\"*\"]},"
            + " \"http_api\": {\"key\": \"k\"}";

    @TempDir
    Path dir;

    private SwitchboardConfig load(String json) throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), json);
        return ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE);
    }

    @Test
    void theAdminPageIsOffUnlessEnabled() throws Exception {
        assertThat(load("{" + QUIET + "}").admin()).isNull();
        assertThat(load("{" + QUIET + ", \"admin\": {\"password\": \"p\", \"secret\": \"x\"}}").admin()).isNull();
    }

    @Test
    void enabledItTakesThePasswordAndSecretAndCentrifugosOtherKeys() throws Exception {
        SwitchboardConfig config = load("{" + QUIET + ", \"admin\": {\"enabled\": true, \"password\": \"p\","
                + " \"secret\": \"x\", \"external\": true, \"handler_prefix\": \"\"}}");
        assertThat(config.admin()).isEqualTo(new AdminSettings("p", "x", false));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void enabledWithoutPasswordOrSecretIsAnErrorNamingEachKeyUnlessInsecure() {
        ConfigException e = ConfigErrors.of(() -> load("{" + QUIET + ", \"admin\": {\"enabled\": true}}"));
        assertThat(e.errors()).containsExactly(
                "admin.password: is required when admin.enabled is true (or set admin.insecure)",
                "admin.secret: is required when admin.enabled is true (or set admin.insecure)");
        assertThat(ConfigErrors.of(() -> load("{" + QUIET + ", \"admin\": {\"enabled\": true, \"password\": \"p\"}}"))
                .errors()).singleElement().asString().startsWith("admin.secret:");
    }

    @Test
    void insecureNeedsNoPassword() throws Exception {
        assertThat(load("{" + QUIET + ", \"admin\": {\"enabled\": true, \"insecure\": true}}").admin())
                .isEqualTo(AdminSettings.insecureOnly());
    }

    @Test
    void theKeysForAnotherAdminWebApplicationAreWarnedAboutNotRefused() throws Exception {
        SwitchboardConfig config = load("{" + QUIET + ", \"admin\": {\"enabled\": true, \"insecure\": true,"
                + " \"web_path\": \"/srv/web\", \"web_proxy_address\": \"http://localhost:3000\"}}");
        assertThat(config.warnings()).containsExactly(
                "admin.web_path is a Centrifugo key Switchboard does not serve: ignored (the admin page is the one in"
                        + " the jar, at /admin)",
                "admin.web_proxy_address is a Centrifugo key Switchboard does not serve: ignored (the admin page is"
                        + " the one in the jar, at /admin)");
    }

    @Test
    void environmentVariablesSetTheAdminKeys() throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), "{" + QUIET + "}");
        SwitchboardConfig config = ConfigLoader.load(f, false, Map.of("SWITCHBOARD_ADMIN_ENABLED", "true",
                "SWITCHBOARD_ADMIN_PASSWORD", "p", "SWITCHBOARD_ADMIN_SECRET", "x"), ConfigLoader.Overrides.NONE);
        assertThat(config.admin()).isEqualTo(new AdminSettings("p", "x", false));
    }

    @Test
    void theDevPresetOpensTheAdminPage() {
        assertThat(SwitchboardConfig.devPreset().admin()).isEqualTo(AdminSettings.insecureOnly());
    }
}
