package io.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.server.config.ConfigLoader;
import io.switchboard.server.config.LogSettings;
import io.switchboard.server.config.SwitchboardConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class GenconfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAStarterConfigThatPassesCheckconfigWithoutWarnings() throws Exception {
        Path file = dir.resolve("config.json");

        Run gen = Run.of(new GenconfigCommand(), "-o", file.toString());
        Run check = Run.of(new CheckconfigCommand(Map.of()), "-c", file.toString());

        assertThat(gen.exitCode()).isZero();
        assertThat(gen.out()).contains("wrote " + file);
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).isEqualTo("config OK: " + file + System.lineSeparator());
        assertThat(check.err()).isEmpty();
    }

    @Test
    void theStarterConfigHasFreshSecretsAndTheExampleChatNamespace() throws Exception {
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");
        Run.of(new GenconfigCommand(), "-o", first.toString());
        Run.of(new GenconfigCommand(), "-o", second.toString());
        JsonNode a = new ObjectMapper().readTree(first.toFile());
        JsonNode b = new ObjectMapper().readTree(second.toFile());

        String secret = a.at("/client/token/hmac_secret_key").asText();
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secret).isNotEqualTo(b.at("/client/token/hmac_secret_key").asText());
        String apiKey = a.at("/http_api/key").asText();
        assertThat(UUID.fromString(apiKey).toString()).isEqualTo(apiKey);
        assertThat(apiKey).isNotEqualTo(b.at("/http_api/key").asText());

        SwitchboardConfig c = ConfigLoader.load(first, false, Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(c.client().allowedOrigins()).containsExactly("http://localhost:3000");
        var chat = c.channels().namespaces().get("chat");
        assertThat(chat.presence()).isTrue();
        assertThat(chat.joinLeave()).isTrue();
        assertThat(chat.historySize()).isEqualTo(100);
        assertThat(chat.historyTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(chat.forceRecovery()).isTrue();
        assertThat(chat.allowSubscribeForClient()).isTrue();
        assertThat(chat.allowPublishForSubscriber()).isTrue();
        assertThat(chat.allowPresenceForSubscriber()).isTrue();
        assertThat(chat.allowHistoryForSubscriber()).isTrue();
        assertThat(chat.allowPublishForClient()).isFalse();

        assertThat(c.admin()).isNull(); // off, with a fresh password and secret ready for admin.enabled
        assertThat(a.at("/admin/password").asText()).hasSize(24).isNotEqualTo(b.at("/admin/password").asText());
        assertThat(a.at("/admin/secret").asText()).isNotEqualTo(b.at("/admin/secret").asText());
        assertThat(c.prometheusEnabled()).isFalse();
        assertThat(c.log()).isEqualTo(LogSettings.DEFAULT);
    }

    @Test
    void theStarterConfigHasAnExamplePusherAppWithFreshCredentialsAndPusherOff() throws Exception {
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");
        Run.of(new GenconfigCommand(), "-o", first.toString());
        Run.of(new GenconfigCommand(), "-o", second.toString());
        JsonNode a = new ObjectMapper().readTree(first.toFile());
        JsonNode b = new ObjectMapper().readTree(second.toFile());

        assertThat(a.at("/pusher/enabled").booleanValue()).isFalse();
        assertThat(a.at("/pusher/apps/0/id").asText()).isEqualTo("app-1");
        for (String field : new String[] {"key", "secret"}) {
            String value = a.at("/pusher/apps/0/" + field).asText();
            assertThat(value).matches("[0-9a-f]{20}");
            assertThat(value).isNotEqualTo(b.at("/pusher/apps/0/" + field).asText());
        }
        assertThat(a.at("/pusher/apps/0/key").asText()).isNotEqualTo(a.at("/pusher/apps/0/secret").asText());
        assertThat(ConfigLoader.load(first, false, Map.of(), ConfigLoader.Overrides.NONE).pusher()).isNull();
        // turning it on is all it takes
        var pusher = ConfigLoader.load(first, false, Map.of("SWITCHBOARD_PUSHER_ENABLED", "true"),
                ConfigLoader.Overrides.NONE).pusher();
        assertThat(pusher.apps()).extracting(app -> app.id()).containsExactly("app-1");
    }

    @Test
    void writesYamlWhenTheFileNameSaysSo() throws Exception {
        Path file = dir.resolve("config.yaml");

        assertThat(Run.of(new GenconfigCommand(), "-o", file.toString()).exitCode()).isZero();

        String text = Files.readString(file);
        assertThat(text).doesNotContain("{").contains("hmac_secret_key:");
        assertThat(new YAMLMapper().readTree(text).at("/channel/namespaces/0/name").asText()).isEqualTo("chat");
        assertThat(Run.of(new CheckconfigCommand(Map.of()), "-c", file.toString()).exitCode()).isZero();
    }

    @Test
    void refusesToOverwriteAnExistingFileUnlessForced() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"mine\": true}");

        Run refused = Run.of(new GenconfigCommand(), "-o", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains(file + " already exists (use --force to overwrite it)");
        assertThat(Files.readString(file)).isEqualTo("{\"mine\": true}");

        assertThat(Run.of(new GenconfigCommand(), "-o", file.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(file)).contains("hmac_secret_key");
    }
}
