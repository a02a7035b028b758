package io.switchboard.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error names its key and says what would be accepted; all of them come at once. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private List<String> errorsOf(String json) throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), json);
        return ConfigErrors.of(() -> ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE)).errors();
    }

    @Test
    void aNamespaceNameMustMatchCentrifugosPattern() throws IOException {
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"ok\"}, {\"name\": \"a b\"}]}}"))
                .containsExactly("channel.namespaces[1].name: \"a b\" must match ^[-a-zA-Z0-9_]{2,}$");
    }

    @Test
    void aMapNamespaceNeedsAModeAndTheKeysItsModeAllows() throws IOException {
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"mm\", \"subscription_type\": \"map\"}]}}"))
                .containsExactly("channel.namespaces[0].map: a map namespace needs its map block with at least mode");
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"mm\", \"subscription_type\": \"map\","
                + " \"map\": {\"mode\": \"sometimes\"}}]}}")).containsExactly(
                "channel.namespaces[0].map.mode: \"sometimes\" is not a mode: one of ephemeral, recoverable, persistent");
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"mm\", \"subscription_type\": \"map\","
                + " \"map\": {\"mode\": \"ephemeral\", \"stream_size\": 5}}]}}")).containsExactly(
                "channel.namespaces[0].map.key_ttl: required for mode ephemeral: its entries expire",
                "channel.namespaces[0].map.stream_size: needs mode recoverable or persistent: mode ephemeral keeps no stream");
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"mm\", \"subscription_type\": \"map\","
                + " \"map\": {\"mode\": \"persistent\", \"key_ttl\": \"5s\", \"stream_sise\": 5}}]}}")).containsExactly(
                "channel.namespaces[0].map.stream_sise: unknown key (did you mean channel.namespaces[0].map.stream_size?)",
                "channel.namespaces[0].map.key_ttl: must not be set for mode persistent: its entries do not expire");
    }

    @Test
    void aNamespaceNeedsAName() throws IOException {
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"presence\": true}]}}"))
                .containsExactly("channel.namespaces[0].name: missing: every namespace needs a name");
    }

    @Test
    void aDurationThatDoesNotParseShowsWhatWould() throws IOException {
        assertThat(errorsOf("{\"client\": {\"ping_interval\": \"abc\"}}")).containsExactly(
                "client.ping_interval: \"abc\" is not a duration"
                        + " (use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number)");
        assertThat(errorsOf("{\"client\": {\"stale_close_delay\": -1}}")).containsExactly(
                "client.stale_close_delay: -1 is not a duration"
                        + " (use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number)");
    }

    @Test
    void theEngineIsMemoryOrRedis() throws IOException {
        assertThat(errorsOf("{\"engine\": {\"type\": \"tarantool\"}}"))
                .containsExactly("engine.type: \"tarantool\" is not an engine (allowed: memory, redis)");
    }

    @Test
    void theLogLevelIsOneOfCentrifugosSix() throws IOException {
        assertThat(errorsOf("{\"log\": {\"level\": \"verbose\", \"format\": \"xml\"}}")).containsExactly(
                "log.level: \"verbose\" is not a log level (allowed: none, trace, debug, info, warn, error)",
                "log.format: \"xml\" is not a log format (allowed: text, json)");
        assertThat(errorsOf("{\"log_level\": \"verbose\"}"))
                .containsExactly("log_level: \"verbose\" is not a log level (allowed: none, trace, debug, info, warn, error)");
    }

    @Test
    void anUnknownKeyIsAnErrorThatSuggestsTheClosestKnownKey() throws IOException {
        assertThat(errorsOf("""
                {"http_server": {"prot": 8000},
                 "client": {"tokn": {}, "token_hmac_secret_key": "x"},
                 "allowed_origins": [],
                 "channel": {"without_namespace": {"presense": true}, "namespaces": [{"name": "ns", "join_leeve": true}]},
                 "metrix": {}}"""))
                .containsExactly(
                        "http_server.prot: unknown key (did you mean http_server.port?)",
                        "client.tokn: unknown key (did you mean client.token?)",
                        "client.token_hmac_secret_key: unknown key (did you mean client.token.hmac_secret_key?)",
                        "allowed_origins: unknown key (did you mean client.allowed_origins?)",
                        "channel.without_namespace.presense: unknown key (did you mean channel.without_namespace.presence?)",
                        "channel.namespaces[0].join_leeve: unknown key (did you mean channel.namespaces[0].join_leave?)",
                        "metrix: unknown key (known top-level keys: http_server, client, websocket, http_stream, sse,"
                                + " uni_websocket, uni_http_stream, uni_sse, uni_grpc, sockjs, grpc_api, grpc_bidi, socketio, pusher, socketcluster, channel,"
                                + " http_api,"
                                + " health, shutdown, log, log_level, prometheus, engine, map_broker, admin, rpc, proxies, shared_poll, node)");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyTheExpectedAndTheActualType() throws IOException {
        assertThat(errorsOf("""
                {"http_server": {"port": "8000"},
                 "client": {"insecure": "yes", "allowed_origins": "https://a.example", "token": "secret"},
                 "channel": {"max_length": 1.5, "namespaces": [{"name": "chat", "history_size": true}, "news"]},
                 "node": {"name": null}}"""))
                .containsExactly(
                        "http_server.port: expected an integer, got a string (\"8000\")",
                        "client.insecure: expected a boolean, got a string (\"yes\")",
                        "client.allowed_origins: expected a list of strings, got a string (\"https://a.example\")",
                        "client.token: expected an object, got a string (\"secret\")",
                        "channel.max_length: expected an integer, got a decimal number (1.5)",
                        "channel.namespaces[0].history_size: expected an integer, got a boolean (true)",
                        "channel.namespaces[1]: expected a namespace object, got a string (\"news\")",
                        "node.name: expected a string, got null");
    }

    @Test
    void namespaceNamesMustBeUnique() throws IOException {
        assertThat(errorsOf("{\"channel\": {\"namespaces\": [{\"name\": \"chat\"}, {\"name\": \"news\"}, {\"name\": \"chat\"}]}}"))
                .containsExactly("channel.namespaces[2].name: duplicate namespace \"chat\" (also channel.namespaces[0])");
    }

    @Test
    void thePingIntervalMustExceedThePongTimeout() throws IOException {
        assertThat(errorsOf("{\"client\": {\"ping_interval\": \"5s\", \"pong_timeout\": \"5s\"}}"))
                .containsExactly("client.ping_interval: 5s must be greater than client.pong_timeout (5s)");
    }

    @Test
    void historyNeedsBothSizeAndTtlAndTheErrorNamesTheNamespace() throws IOException {
        assertThat(errorsOf("""
                {"channel": {
                  "without_namespace": {"history_ttl": "1m"},
                  "namespaces": [{"name": "chat", "history_size": 100}, {"name": "feed", "force_recovery": true}]}}"""))
                .containsExactly(
                        "channel.without_namespace.history_size: history_ttl is 1m but history_size is not set"
                                + " (channels without namespace): set both to keep history, or neither",
                        "channel.namespaces[0].history_ttl: history_size is 100 but history_ttl is not set"
                                + " (namespace \"chat\"): set both to keep history, or neither",
                        "channel.namespaces[1].force_recovery: recovery needs history (namespace \"feed\"):"
                                + " set history_size and history_ttl");
    }

    @Test
    void numbersOutOfRangeAreErrors() throws IOException {
        assertThat(errorsOf("""
                {"http_server": {"port": 65536}, "client": {"channel_limit": 0},
                 "channel": {"max_length": 0, "namespaces": [{"name": "chat", "history_size": -1}]}}"""))
                .containsExactly(
                        "http_server.port: 65536 is out of range (0..65535)",
                        "client.channel_limit: 0 must be at least 1",
                        "channel.max_length: 0 must be at least 1",
                        "channel.namespaces[0].history_size: -1 must be at least 0");
    }

    @Test
    void aBadPublicKeyIsAConfigErrorNotACrashAtStart() throws IOException {
        assertThat(errorsOf("{\"client\": {\"token\": {\"rsa_public_key\": \"not a pem\"}}}"))
                .containsExactly("client.token.rsa_public_key: no PEM block found");
    }

    @Test
    void severalErrorsAreReportedAtOnce() throws IOException {
        List<String> errors = errorsOf("""
                {"http_server": {"port": "x"},
                 "client": {"ping_interval": "abc"},
                 "engine": {"type": "nats"},
                 "channel": {"namespaces": [{"name": "a b"}]},
                 "unknown": 1}""");

        assertThat(errors).hasSize(5);
        assertThat(errors).anyMatch(e -> e.startsWith("http_server.port:"))
                .anyMatch(e -> e.startsWith("client.ping_interval:"))
                .anyMatch(e -> e.startsWith("engine.type:"))
                .anyMatch(e -> e.startsWith("channel.namespaces[0].name:"))
                .anyMatch(e -> e.startsWith("unknown: unknown key"));
        ConfigException e = ConfigErrors.of(() -> ConfigLoader.load(dir.resolve("config.json"), false, Map.of(),
                ConfigLoader.Overrides.NONE));
        assertThat(e.getMessage()).startsWith("5 config errors:");
    }

    @Test
    void aFileThatIsNotJsonSaysWhere() throws IOException {
        List<String> errors = errorsOf("{\"http_server\": {\"port\": 8000,}}");

        assertThat(errors).singleElement().asString().startsWith(dir.resolve("config.json") + ": not valid JSON:")
                .contains("line 1");
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws IOException {
        assertThat(errorsOf("{\"log_level\": \"info\", \"log_level\": \"debug\"}")).singleElement().asString()
                .contains("Duplicate field 'log_level'");
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        ConfigException e = ConfigErrors.of(() -> ConfigLoader.load(dir.resolve("nope.json"), false, Map.of(),
                ConfigLoader.Overrides.NONE));

        assertThat(e.errors()).containsExactly(dir.resolve("nope.json") + ": no such file (write a starter config with genconfig)");
    }
}
