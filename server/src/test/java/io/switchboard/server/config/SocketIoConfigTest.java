package io.switchboard.server.config;

import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.SocketIoSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The socketio section: Node's defaults, every key, the environment, and errors that name the key. */
class SocketIoConfigTest {
    @TempDir
    Path dir;

    private SwitchboardConfig load(String json, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json), false, env, ConfigLoader.Overrides.NONE);
    }

    @Test
    void defaultsAreTheNodeServersWithChannelEventsOnAndTheClientOrigins() throws Exception {
        SocketIoSettings c = load("{\"client\": {\"allowed_origins\": [\"https://a.example\"]}}", Map.of()).socketIo();
        assertThat(c.path()).isEqualTo("/socket.io/");
        assertThat(c.namespaces()).containsExactly("/");
        SocketIoOptions o = c.options();
        assertThat(o.engine().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(o.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.engine().maxHttpBufferSize()).isEqualTo(1_000_000);
        assertThat(o.engine().polling()).isTrue();
        assertThat(o.engine().websocket()).isTrue();
        assertThat(o.engine().allowEio3()).isTrue();
        assertThat(o.engine().allowedOrigins()).containsExactly("https://a.example");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(o.channelEvents()).isTrue();
        assertThat(o.recovery()).isFalse();
    }

    @Test
    void readsEveryKey() throws Exception {
        SocketIoSettings c = load("""
                {"socketio": {"path": "/io/", "namespaces": ["/", "/chat"], "ping_interval": "300ms", "ping_timeout": 0.2,
                  "upgrade_timeout": "5s", "connect_timeout": "1s", "ack_timeout": "3s", "max_http_buffer_size": 5000,
                  "transports": ["websocket"], "allow_eio3": false, "allowed_origins": ["*"], "cors_credentials": true,
                  "cookie": "io", "channel_events": false,
                  "connection_state_recovery": {"enabled": true, "max_disconnection_duration": "30s", "skip_middlewares": false}}}
                """, Map.of()).socketIo();
        assertThat(c.path()).isEqualTo("/io/");
        assertThat(c.namespaces()).containsExactly("/", "/chat");
        SocketIoOptions o = c.options();
        assertThat(o.engine().pingInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(o.engine().pingTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.engine().upgradeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.engine().maxHttpBufferSize()).isEqualTo(5000);
        assertThat(o.engine().polling()).isFalse();
        assertThat(o.engine().allowEio3()).isFalse();
        assertThat(o.engine().corsCredentials()).isTrue();
        assertThat(o.engine().cookie()).isEqualTo("io");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.channelEvents()).isFalse();
        assertThat(o.recovery()).isTrue();
        assertThat(o.maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.skipMiddlewares()).isFalse();
    }

    @Test
    void theEnvironmentSetsKeysAndTheSectionCanBeTurnedOff() throws Exception {
        assertThat(load("{}", Map.of("SWITCHBOARD_SOCKETIO_PING_INTERVAL", "10s")).socketIo().options().engine().pingInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(load("{\"socketio\": {\"enabled\": false}}", Map.of()).socketIo()).isNull();
    }

    @Test
    void badValuesAreErrorsThatNameTheKey() {
        ConfigException e = ConfigErrors.of(() -> load("""
                {"socketio": {"transports": ["polling", "carrier-pigeon"], "namespaces": ["chat"], "path": "socket.io",
                  "ping_interval": "0s", "max_http_buffer_size": 0, "pong": 1}}
                """, Map.of()));
        assertThat(e.errors()).contains(
                "socketio.transports: \"carrier-pigeon\" is not a transport (allowed: polling, websocket)",
                "socketio.namespaces: \"chat\" must start with /",
                "socketio.path: \"socket.io\" must start with /",
                "socketio.ping_interval: must be greater than 0");
        assertThat(String.join("\n", e.errors())).contains("socketio.max_http_buffer_size").contains("socketio.pong: unknown key");
        assertThat(List.copyOf(e.errors())).hasSizeGreaterThanOrEqualTo(6);
    }
}
