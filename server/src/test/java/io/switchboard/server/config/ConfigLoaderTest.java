package io.switchboard.server.config;

import io.switchboard.core.ChannelOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where values come from: defaults, dev preset, file, environment, flags. */
class ConfigLoaderTest {
    private static final String JSON = """
            {
              "http_server": {"address": "0.0.0.0", "port": 9000},
              "client": {
                "token": {"hmac_secret_key": "s3cret", "audience": "app"},
                "subscription_token": {"enabled": true, "hmac_secret_key": "sub-secret"},
                "allowed_origins": ["https://app.example.com"],
                "ping_interval": "30s", "pong_timeout": 10, "channel_limit": 16
              },
              "websocket": {"message_size_limit": 1024},
              "channel": {
                "max_length": 100,
                "without_namespace": {"presence": true, "allow_subscribe_for_client": true},
                "namespaces": [{"name": "chat", "history_size": 10, "history_ttl": "5m", "force_recovery": true}]
              },
              "http_api": {"key": "api-key"},
              "health": {"enabled": false},
              "log_level": "debug",
              "engine": {"type": "memory"},
              "node": {"name": "node-1"}
            }
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static SwitchboardConfig load(Path file, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(file, false, env, ConfigLoader.Overrides.NONE);
    }

    @Test
    void loadsEveryKindOfValueFromAJsonFile() throws Exception {
        SwitchboardConfig c = load(file("config.json", JSON), Map.of());

        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("0.0.0.0", 9000));
        assertThat(c.client().connectionTokenKeys().hmacSecretKey()).isEqualTo("s3cret");
        assertThat(c.client().connectionTokenKeys().audience()).isEqualTo("app");
        assertThat(c.client().subscriptionTokenKeys().hmacSecretKey()).isEqualTo("sub-secret");
        assertThat(c.client().allowedOrigins()).containsExactly("https://app.example.com");
        assertThat(c.client().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.client().pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.client().staleCloseDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.client().channelLimit()).isEqualTo(16);
        assertThat(c.client().queueMaxSize()).isEqualTo(1 << 20);
        assertThat(c.client().messageSizeLimit()).isEqualTo(1024);
        assertThat(c.channels().maxLength()).isEqualTo(100);
        assertThat(c.channels().withoutNamespace().presence()).isTrue();
        assertThat(c.channels().withoutNamespace().allowSubscribeForClient()).isTrue();
        ChannelOptions chat = c.channels().namespaces().get("chat");
        assertThat(chat.historySize()).isEqualTo(10);
        assertThat(chat.historyTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(chat.historyMetaTtl()).isEqualTo(Duration.ofHours(720));
        assertThat(chat.forceRecovery()).isTrue();
        assertThat(c.httpApi()).isEqualTo(new HttpApiConfig("api-key", false));
        assertThat(c.healthEnabled()).isFalse();
        assertThat(c.log()).isEqualTo(new LogSettings("debug", null, false));
        assertThat(c.engineType()).isEqualTo("memory");
        assertThat(c.nodeName()).isEqualTo("node-1");
        assertThat(c.dev()).isFalse();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void loadsTheSameValuesFromAYamlFile() throws Exception {
        Path yaml = file("config.yaml", """
                http_server:
                  port: 9001
                client:
                  token:
                    hmac_secret_key: s3cret
                  allowed_origins:
                    - https://app.example.com
                  ping_interval: 1m30s
                channel:
                  namespaces:
                    - name: chat
                      presence: true
                      history_size: 5
                      history_ttl: 300
                http_api:
                  key: api-key
                """);

        SwitchboardConfig c = load(yaml, Map.of());

        assertThat(c.httpServer().port()).isEqualTo(9001);
        assertThat(c.client().connectionTokenKeys().hmacSecretKey()).isEqualTo("s3cret");
        assertThat(c.client().pingInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.channels().namespaces().get("chat").historyTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.channels().namespaces().get("chat").presence()).isTrue();
    }

    @Test
    void readsAFileWithoutAKnownExtensionAsJsonOrElseYaml() throws Exception {
        assertThat(load(file("config.conf", "{\"http_server\": {\"port\": 9002}}"), Map.of()).httpServer().port())
                .isEqualTo(9002);
        assertThat(load(file("config.txt", "http_server:\n  port: 9003\n"), Map.of()).httpServer().port())
                .isEqualTo(9003);
    }

    @Test
    void usesCentrifugoDefaultsAndASafeAddressWhenNothingIsGiven() throws Exception {
        SwitchboardConfig c = ConfigLoader.load(null, false, Map.of(), ConfigLoader.Overrides.NONE);

        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("127.0.0.1", 8000));
        assertThat(c.client().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.client().pongTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.client().expiredCloseDelay()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.client().channelLimit()).isEqualTo(128);
        assertThat(c.client().historyMaxPublicationLimit()).isEqualTo(300);
        assertThat(c.client().recoveryMaxPublicationLimit()).isEqualTo(300);
        assertThat(c.client().messageSizeLimit()).isEqualTo(65536);
        assertThat(c.client().subscriptionTokenKeys()).isNull();
        assertThat(c.channels().maxLength()).isEqualTo(255);
        assertThat(c.channels().withoutNamespace()).isEqualTo(ChannelOptions.DEFAULTS);
        assertThat(c.channels().namespaces()).isEmpty();
        assertThat(c.healthEnabled()).isTrue();
        assertThat(c.log()).isEqualTo(LogSettings.DEFAULT);
        assertThat(c.engineType()).isEqualTo("memory");
        assertThat(c.nodeName()).isNotBlank();
    }

    @Test
    void sockJsIsOffByDefaultAndItsSectionSetsTheEndpointTheDelaysAndTheIframeScript() throws Exception {
        SwitchboardConfig defaults = ConfigLoader.load(null, false, Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(defaults.endpoints().sockjs()).isFalse();
        assertThat(defaults.sockJs().heartbeat()).isEqualTo(Duration.ofSeconds(25));
        assertThat(defaults.sockJs().disconnectDelay()).isEqualTo(Duration.ofSeconds(5));

        SwitchboardConfig c = load(file("config.json", """
                {"sockjs": {"enabled": true, "heartbeat_delay": "3s", "disconnect_delay": "2s", "url": "/sockjs.min.js"}}"""),
                Map.of());
        assertThat(c.endpoints().sockjs()).isTrue();
        assertThat(c.sockJs().heartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.sockJs().disconnectDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.sockJs().clientScriptUrl()).isEqualTo("/sockjs.min.js");
        assertThat(load(null, Map.of("SWITCHBOARD_SOCKJS_ENABLED", "true")).endpoints().sockjs()).isTrue();
    }

    @Test
    void bidirectionalGrpcIsOffByDefaultAndItsSectionSetsWhereItListens() throws Exception {
        assertThat(load(null, Map.of()).bidiGrpc()).isNull();
        SwitchboardConfig defaultPort = load(file("on.json", """
                {"http_server": {"address": "127.0.0.2"}, "grpc_bidi": {"enabled": true}}"""), Map.of());
        assertThat(defaultPort.bidiGrpc()).isEqualTo(new HttpServerConfig("127.0.0.2", 11001));
        SwitchboardConfig c = load(file("config.json", """
                {"grpc_bidi": {"enabled": true, "address": "127.0.0.3", "port": 12001}}"""), Map.of());
        assertThat(c.bidiGrpc()).isEqualTo(new HttpServerConfig("127.0.0.3", 12001));
        assertThat(load(null, Map.of("SWITCHBOARD_GRPC_BIDI_ENABLED", "true")).bidiGrpc()).isNotNull();
    }

    @Test
    void subscriptionTokenKeysAreUsedOnlyWhenEnabled() throws Exception {
        Path f = file("config.json", """
                {"client": {"token": {"hmac_secret_key": "a"},
                            "subscription_token": {"hmac_secret_key": "b"}}}""");

        assertThat(load(f, Map.of()).client().subscriptionTokenKeys()).isNull();
        assertThat(load(f, Map.of("SWITCHBOARD_CLIENT_SUBSCRIPTION_TOKEN_ENABLED", "true"))
                .client().subscriptionTokenKeys().hmacSecretKey()).isEqualTo("b");
    }

    @Test
    void environmentVariablesOverrideTheFileIncludingNestedKeysWithUnderscores() throws Exception {
        SwitchboardConfig c = load(file("config.json", JSON), Map.of(
                "SWITCHBOARD_CLIENT_TOKEN_HMAC_SECRET_KEY", "from-env",
                "SWITCHBOARD_HTTP_SERVER_PORT", "9100",
                "SWITCHBOARD_CHANNEL_WITHOUT_NAMESPACE_PRESENCE", "false",
                "SWITCHBOARD_CHANNEL_WITHOUT_NAMESPACE_ALLOW_PUBLISH_FOR_ANONYMOUS", "true",
                "SWITCHBOARD_CLIENT_ALLOW_ANONYMOUS_CONNECT_WITHOUT_TOKEN", "true",
                "SWITCHBOARD_CLIENT_PING_INTERVAL", "40s",
                "PATH", "/usr/bin"));

        assertThat(c.client().connectionTokenKeys().hmacSecretKey()).isEqualTo("from-env");
        assertThat(c.client().connectionTokenKeys().audience()).isEqualTo("app");
        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("0.0.0.0", 9100));
        assertThat(c.channels().withoutNamespace().presence()).isFalse();
        assertThat(c.channels().withoutNamespace().allowPublishForAnonymous()).isTrue();
        assertThat(c.channels().withoutNamespace().allowSubscribeForClient()).isTrue();
        assertThat(c.client().allowAnonymousConnectWithoutToken()).isTrue();
        assertThat(c.client().pingInterval()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void environmentVariablesTakeJsonForNamespacesAndJsonOrWordsForOrigins() throws Exception {
        SwitchboardConfig c = load(file("config.json", JSON), Map.of(
                "SWITCHBOARD_CHANNEL_NAMESPACES",
                "[{\"name\": \"news\", \"presence\": true}, {\"name\": \"game\", \"history_size\": 3, \"history_ttl\": \"1h\"}]",
                "SWITCHBOARD_CLIENT_ALLOWED_ORIGINS", "[\"https://a.example\", \"https://b.example\"]"));

        assertThat(c.channels().namespaces()).containsOnlyKeys("news", "game");
        assertThat(c.channels().namespaces().get("news").presence()).isTrue();
        assertThat(c.channels().namespaces().get("game").historyTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.client().allowedOrigins()).containsExactly("https://a.example", "https://b.example");

        SwitchboardConfig words = load(null, Map.of("SWITCHBOARD_CLIENT_ALLOWED_ORIGINS", "https://a.example  https://b.example"));
        assertThat(words.client().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void anUnknownSwitchboardVariableIsAWarningWithASuggestion() throws Exception {
        SwitchboardConfig c = load(file("config.json", JSON), Map.of("SWITCHBOARD_HTTP_PORT", "1"));

        assertThat(c.httpServer().port()).isEqualTo(9000);
        assertThat(c.warnings()).containsExactly("SWITCHBOARD_HTTP_PORT is not a config key and is ignored"
                + " (did you mean SWITCHBOARD_HTTP_SERVER_PORT?)");
    }

    @Test
    void aBadEnvironmentValueIsAnErrorNamingTheKeyAndTheVariable() {
        ConfigException e = ConfigErrors.of(() -> load(null, Map.of(
                "SWITCHBOARD_HTTP_SERVER_PORT", "eighty",
                "SWITCHBOARD_CHANNEL_NAMESPACES", "[{\"name\": \"a b\"}]",
                "SWITCHBOARD_HEALTH_ENABLED", "maybe")));

        assertThat(e.errors()).containsExactlyInAnyOrder(
                "http_server.port: \"eighty\" is not an integer (set by SWITCHBOARD_HTTP_SERVER_PORT)",
                "channel.namespaces[0].name: \"a b\" must match ^[-a-zA-Z0-9_]{2,}$ (set by SWITCHBOARD_CHANNEL_NAMESPACES)",
                "health.enabled: \"maybe\" is not a boolean (use true or false) (set by SWITCHBOARD_HEALTH_ENABLED)");
    }

    @Test
    void theCommandLinePortWinsOverEnvironmentAndFile() throws Exception {
        SwitchboardConfig c = ConfigLoader.load(file("config.json", JSON), false,
                Map.of("SWITCHBOARD_HTTP_SERVER_PORT", "9100", "SWITCHBOARD_HTTP_SERVER_ADDRESS", "10.0.0.1"),
                new ConfigLoader.Overrides(null, 9200));

        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("10.0.0.1", 9200));

        SwitchboardConfig both = ConfigLoader.load(file("config.json", JSON), false, Map.of(),
                new ConfigLoader.Overrides("::1", 0));
        assertThat(both.httpServer()).isEqualTo(new HttpServerConfig("::1", 0));
    }

    @Test
    void aBadCommandLinePortIsReportedAsComingFromTheFlag() {
        ConfigException e = ConfigErrors.of(() -> ConfigLoader.load(null, false, Map.of(),
                new ConfigLoader.Overrides(null, 70000)));

        assertThat(e.errors()).containsExactly("http_server.port: 70000 is out of range (0..65535) (set by --port)");
    }

    @Test
    void theDevPresetOpensEverythingOnLocalhost() {
        SwitchboardConfig c = SwitchboardConfig.devPreset();

        assertThat(c.dev()).isTrue();
        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("127.0.0.1", 8000));
        assertThat(c.channels().withoutNamespace()).isEqualTo(ChannelOptions.openForDevelopment());
        assertThat(c.channels().namespaces()).isEmpty();
        assertThat(c.channels().optionsFor("chat:lobby")).contains(ChannelOptions.openForDevelopment());
        assertThat(c.channels().optionsFor("$any:private")).contains(ChannelOptions.openForDevelopment());
        assertThat(c.client().allowAnonymousConnectWithoutToken()).isTrue();
        assertThat(c.client().allowedOrigins()).containsExactly("*");
        assertThat(c.client().connectionTokenKeys().hmacSecretKey()).isEqualTo("dev-secret");
        assertThat(c.httpApi()).isEqualTo(new HttpApiConfig("", true));
        assertThat(c.healthEnabled()).isTrue();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aFileGivenWithTheDevPresetOverridesItKeyByKey() throws Exception {
        Path f = file("config.json", """
                {"http_server": {"port": 9300},
                 "channel": {"without_namespace": {"allow_publish_for_anonymous": false},
                             "namespaces": [{"name": "chat", "presence": true}]},
                 "http_api": {"key": "k"}}""");

        SwitchboardConfig c = ConfigLoader.load(f, true, Map.of(), ConfigLoader.Overrides.NONE);

        assertThat(c.dev()).isTrue();
        assertThat(c.httpServer()).isEqualTo(new HttpServerConfig("127.0.0.1", 9300));
        assertThat(c.channels().withoutNamespace()).isEqualTo(
                ChannelOptions.openForDevelopment().toBuilder().allowPublishForAnonymous(false).build());
        assertThat(c.channels().namespaces()).containsOnlyKeys("chat");
        assertThat(c.channels().optionsFor("chat:x").orElseThrow().allowSubscribeForClient()).isFalse();
        assertThat(c.channels().optionsFor("other:x")).contains(ChannelOptions.openForDevelopment());
        assertThat(c.client().connectionTokenKeys().hmacSecretKey()).isEqualTo("dev-secret");
        assertThat(c.httpApi()).isEqualTo(new HttpApiConfig("k", true));
    }

    @Test
    void durationsAcceptGoStyleTextAndSecondsAsNumbers() {
        assertThat(Durations.parse("25s")).contains(Duration.ofSeconds(25));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("720h")).contains(Duration.ofHours(720));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(Durations.parse("30")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("0")).contains(Duration.ZERO);
        for (String bad : List.of("abc", "", "-5s", "5 s", "s", "1d", "99999999999h")) {
            assertThat(Durations.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Durations.format(Duration.ofHours(720))).isEqualTo("720h");
        assertThat(Durations.format(Duration.ofSeconds(300))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void theLogSectionIsCentrifugosAndItsLevelWinsOverTheOldLogLevelKey() throws Exception {
        Path f = Files.writeString(dir.resolve("log.json"), """
                {"log": {"level": "trace", "file": "/tmp/switchboard.log", "format": "json"}, "log_level": "error"}""");
        SwitchboardConfig c = ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(c.log()).isEqualTo(new LogSettings("trace", "/tmp/switchboard.log", true));
        SwitchboardConfig fromEnv = ConfigLoader.load(null, true, Map.of("SWITCHBOARD_LOG_LEVEL", "none"),
                ConfigLoader.Overrides.NONE);
        assertThat(fromEnv.log().level()).isEqualTo("none");
    }

    @Test
    void withoutTheDevPresetAnUnlistedNamespaceIsUnknownUnlessConfigured() throws Exception {
        SwitchboardConfig plain = ConfigLoader.load(file("plain.json", "{}"), false, Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(plain.channels().optionsFor("chat:lobby")).isEmpty();

        SwitchboardConfig opened = ConfigLoader.load(file("unlisted.json", """
                {"channel": {"unlisted_namespaces": {"allow_subscribe_for_client": true}}}"""), false, Map.of(),
                ConfigLoader.Overrides.NONE);
        assertThat(opened.channels().optionsFor("chat:lobby").orElseThrow().allowSubscribeForClient()).isTrue();
        assertThat(opened.channels().optionsFor("news").orElseThrow().allowSubscribeForClient()).isFalse();
    }
}
