package io.switchboard.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Valid configs that lock everyone out load, with a warning saying so. */
class ConfigWarningsTest {
    @TempDir
    Path dir;

    private List<String> warningsOf(String json) throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), json);
        return ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE).warnings();
    }

    @Test
    void anEmptyConfigWarnsAboutOriginsTokenKeysAndTheApiKey() throws Exception {
        assertThat(warningsOf("{}")).containsExactly(
                "client.allowed_origins is empty: every browser request carrying an Origin header will be refused",
                "no client.token key is configured: only anonymous clients can connect, and"
                        + " client.allow_anonymous_connect_without_token is false, so every client will be refused",
                "http_api.key is empty: the server API refuses every request");
    }

    @Test
    void aConfigWithKeysAndOriginsHasNoWarnings() throws Exception {
        assertThat(warningsOf("""
                {"client": {"token": {"hmac_secret_key": "s"}, "allowed_origins": ["https://a.example"]},
                 "http_api": {"key": "k"}}""")).isEmpty();
    }

    @Test
    void anonymousOrInsecureClientsAndAnInsecureApiSilenceTheirWarnings() throws Exception {
        assertThat(warningsOf("""
                {"client": {"allow_anonymous_connect_without_token": true, "allowed_origins": ["*"]},
                 "http_api": {"insecure": true}}""")).isEmpty();
        assertThat(warningsOf("""
                {"client": {"insecure": true, "allowed_origins": ["*"]}, "http_api": {"key": "k"}}""")).isEmpty();
    }

    @Test
    void subscriptionTokenKeysWithoutTheSwitchOrTheSwitchWithoutKeysAreWarnedAbout() throws Exception {
        String base = "\"token\": {\"hmac_secret_key\": \"s\"}, \"allowed_origins\": [\"*\"]";
        assertThat(warningsOf("{\"client\": {" + base + ", \"subscription_token\": {\"enabled\": true}},"
                + " \"http_api\": {\"key\": \"k\"}}"))
                .containsExactly("client.subscription_token.enabled is true but no client.subscription_token key is"
                        + " configured: every subscription token will be refused");
        assertThat(warningsOf("{\"client\": {" + base + ", \"subscription_token\": {\"hmac_secret_key\": \"t\"}},"
                + " \"http_api\": {\"key\": \"k\"}}"))
                .singleElement().asString().startsWith("client.subscription_token keys are ignored");
    }

    @Test
    void centrifugoKeysSwitchboardDoesNotServeAreWarningsNamingTheKeyNotErrors() throws Exception {
        List<String> warnings = warningsOf("""
                {"client": {"token": {"hmac_secret_key": "s"}, "allowed_origins": ["*"]},
                 "http_api": {"key": "k"},
                 "map_broker": {"type": "postgres"}, "shared_poll": {"hmac_secret_key": "x", "concurrency_limit": 8},
                 "channel": {"namespaces": [{"name": "ns", "subscription_type": "map_users",
                                             "map": {"mode": "ephemeral", "key_ttl": "60s", "meta_ttl": "1h"},
                                             "allow_tags_filter": true, "client_publish_debounce_interval": "50ms"}]}}""");
        assertThat(warnings).containsExactly(
                "shared_poll.concurrency_limit: a Centrifugo key that Switchboard does not serve yet; ignored",
                "channel.namespaces[0].map.meta_ttl: a Centrifugo key that Switchboard does not serve yet; ignored",
                "channel.namespaces[0].subscription_type: \"map_users\" subscriptions are not served yet; the"
                        + " namespace's channels are streams",
                "map_broker.type \"postgres\" is not served: map channels are kept in each node's memory");
    }

    @Test
    void clientConcurrencyIsServedWithoutAWarning() throws Exception {
        String json = """
                {"client": {"token": {"hmac_secret_key": "s"}, "allowed_origins": ["*"], "concurrency": 8},
                 "http_api": {"key": "k"}}""";
        assertThat(warningsOf(json)).isEmpty();
        Path file = Files.writeString(dir.resolve("concurrency.json"), json);
        assertThat(ConfigLoader.load(file, false, Map.of(), ConfigLoader.Overrides.NONE).client().concurrency())
                .isEqualTo(8);
    }

    @Test
    void aKeyThatIsNeitherOursNorCentrifugosIsStillAnError() {
        Path f = dir.resolve("bad.json");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            Files.writeString(f, "{\"shared_pol\": {}}");
            ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE);
        }).isInstanceOf(ConfigException.class).hasMessageContaining("shared_pol: unknown key");
    }
}
