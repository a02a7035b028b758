package io.switchboard.server.config;

import io.switchboard.core.ClientError;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Centrifugo v6's proxy keys: served, so they load without "not served" warnings, and checked. */
class ProxyConfigTest {
    private static final String QUIET = "\"token\": {\"hmac_secret_key\": \"s\"}, \"allowed_origins\": [\"*\"]";
    private static final String API = "\"http_api\": {\"key\": \"k\"}";

    @TempDir
    Path dir;

    private SwitchboardConfig load(String json) throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), json);
        return ConfigLoader.load(f, false, Map.of(), ConfigLoader.Overrides.NONE);
    }

    private static final String FULL = """
            {"client": {%s, "proxy": {
                "connect": {"enabled": true, "endpoint": "http://b/connect", "timeout": "2s",
                            "http_headers": ["Cookie"], "emulated_headers": ["Authorization"],
                            "http": {"static_headers": {"X-Key": "v"}}},
                "refresh": {"enabled": true, "endpoint": "http://b/refresh", "include_connection_meta": true}}},
             %s,
             "channel": {"proxy": {"subscribe": {"endpoint": "http://b/subscribe"}},
                         "without_namespace": {"subscribe_proxy_enabled": true},
                         "namespaces": [{"name": "chat", "subscribe_proxy_enabled": true,
                                         "publish_proxy_enabled": true, "publish_proxy_name": "pub",
                                         "sub_refresh_proxy_enabled": false}]},
             "proxies": [{"name": "pub", "endpoint": "https://b/publish", "binary_encoding": true}],
             "rpc": {"proxy": {"endpoint": "http://b/rpc"}, "without_namespace": {"proxy_enabled": true},
                     "namespaces": [{"name": "app", "proxy_enabled": true, "proxy_name": "pub"}, {"name": "off"}],
                     "namespace_boundary": "."}}""".formatted(QUIET, API);

    @Test
    void centrifugoProxyKeysLoadIntoSettingsWithoutWarnings() throws Exception {
        SwitchboardConfig config = load(FULL);
        assertThat(config.warnings()).isEmpty();
        ProxySettings p = config.proxies();
        assertThat(p.connect()).isEqualTo(new ProxyEndpoint("default", "http://b/connect", Duration.ofSeconds(2),
                List.of("cookie"), List.of("authorization"), Map.of("X-Key", "v"), false, false));
        assertThat(p.refresh().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.refresh().includeConnectionMeta()).isTrue();
        assertThat(p.channel("chat:1").subscribe().endpoint()).isEqualTo("http://b/subscribe");
        assertThat(p.channel("chat:1").publish().endpoint()).isEqualTo("https://b/publish");
        assertThat(p.channel("chat:1").publish().binaryEncoding()).isTrue();
        assertThat(p.channel("chat:1").subRefresh()).isNull();
        assertThat(p.channel("plain").subscribe().endpoint()).isEqualTo("http://b/subscribe");
        assertThat(p.channel("plain").publish()).isNull();
        assertThat(p.rpc("do").proxy().endpoint()).isEqualTo("http://b/rpc");
        assertThat(p.rpc("app.do").proxy().endpoint()).isEqualTo("https://b/publish");
        assertThat(p.rpc("off.do").error()).isEqualTo(ClientError.NOT_AVAILABLE);
        assertThat(p.rpc("nope.do").error()).isEqualTo(ClientError.METHOD_NOT_FOUND);
        assertThat(p.forwardedHeaders()).containsExactly("cookie");
    }

    @Test
    void aGrpcEndpointIsHostAndPort() throws Exception {
        SwitchboardConfig c = load("{\"client\": {" + QUIET + ", \"proxy\": {\"connect\": {\"enabled\": true,"
                + " \"endpoint\": \"grpc://backend:10001\"}}}, " + API + "}");
        assertThat(c.proxies().connect().grpc()).isTrue();
    }

    @Test
    void withoutProxyKeysNothingIsProxied() throws Exception {
        ProxySettings p = load("{\"client\": {" + QUIET + "}, " + API + "}").proxies();
        assertThat(p.connect()).isNull();
        assertThat(p.rpcEnabled()).isFalse();
        assertThat(p.channel("x").subscribe()).isNull();
    }

    @Test
    void aDisabledConnectProxyIsOffEvenWithAnEndpoint() throws Exception {
        SwitchboardConfig c = load("{\"client\": {" + QUIET + ", \"proxy\": {\"connect\": {\"endpoint\": \"http://b/c\"}}}, "
                + API + "}");
        assertThat(c.proxies().connect()).isNull();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void misconfiguredProxiesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + ", \"proxy\": {\"connect\": {\"enabled\": true}}}, "
                + API + "}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("client.proxy.connect.endpoint: missing");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + ", \"proxy\": {\"connect\": {\"enabled\": true,"
                + " \"endpoint\": \"grpc://b/x\"}}}, " + API + "}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("client.proxy.connect.endpoint").hasMessageContaining("grpc://host:port");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + ", \"proxy\": {\"connect\": {\"enabled\": true,"
                + " \"endpoint\": \"ws://b\"}}}, " + API + "}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not an http://, https:// or grpc:// address");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + "}, " + API + ", \"channel\": {\"namespaces\":"
                + " [{\"name\": \"ns\", \"publish_proxy_enabled\": true, \"publish_proxy_name\": \"nope\"}]}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.namespaces[0].publish_proxy_name: no proxy named \"nope\"");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + "}, " + API + ", \"channel\": {\"namespaces\":"
                + " [{\"name\": \"ns\", \"subscribe_proxy_enabled\": true}]}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.proxy.subscribe.endpoint is not set");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + "}, " + API + ", \"proxies\": [{\"endpoint\":"
                + " \"http://b\"}]}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxies[0].name: missing");
        assertThatThrownBy(() -> load("{\"client\": {" + QUIET + "}, " + API + ", \"channel\": {\"namespaces\":"
                + " [{\"name\": \"ns\", \"subscribe_proxy_enabled\": \"yes\"}]}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel.namespaces[0].subscribe_proxy_enabled: expected a boolean");
    }
}
