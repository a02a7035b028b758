package io.switchboard.server.config;

import io.switchboard.socketcluster.SocketClusterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The socketcluster section: off by default, on in --dev, socketcluster-server's defaults, errors under full keys. */
class SocketClusterConfigTest {
    @TempDir
    Path dir;

    private SwitchboardConfig load(String json, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json), false, env, ConfigLoader.Overrides.NONE);
    }

    private List<String> errors(String json) {
        return ConfigErrors.of(() -> load(json, Map.of())).errors();
    }

    @Test
    void offUnlessEnabledAndOnInDevelopment() throws Exception {
        assertThat(load("{}", Map.of()).socketCluster()).isNull();
        SocketClusterSettings dev = SwitchboardConfig.devPreset().socketCluster();
        assertThat(dev).isNotNull();
        assertThat(dev.path()).isEqualTo("/socketcluster/");
        assertThat(dev.protocolVersion()).isEqualTo(2);
    }

    @Test
    void defaultsAreSocketclusterServersWithTheClientOrigins() throws Exception {
        SocketClusterSettings s = load("""
                {"client": {"allowed_origins": ["https://a.example"]}, "socketcluster": {"enabled": true}}""", Map.of())
                .socketCluster();
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(8));
        assertThat(s.pingTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.allowedOrigins()).containsExactly("https://a.example");
    }

    @Test
    void readsEveryKeyAndTheEnvironment() throws Exception {
        SocketClusterSettings s = load("""
                {"socketcluster": {"enabled": true, "path": "/sc/", "protocol_version": 1, "ping_interval": "2s",
                  "ping_timeout": "5s", "handshake_timeout": "3s", "allowed_origins": ["*"], "max_message_size": 4096,
                  "channel_limit": 7}}""", Map.of("SWITCHBOARD_SOCKETCLUSTER_PROTOCOL_VERSION", "2")).socketCluster();
        assertThat(s.path()).isEqualTo("/sc/");
        assertThat(s.protocolVersion()).isEqualTo(2);
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.pingTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.maxMessageBytes()).isEqualTo(4096);
        assertThat(s.channelLimit()).isEqualTo(7);
    }

    @Test
    void errorsNameTheirKeys() {
        assertThat(errors("{\"socketcluster\": {\"enabled\": true, \"protocol_version\": 3}}"))
                .anyMatch(e -> e.startsWith("socketcluster.protocol_version"));
        assertThat(errors("{\"socketcluster\": {\"enabled\": true, \"ping_interval\": \"30s\", \"ping_timeout\": \"30s\"}}"))
                .anyMatch(e -> e.startsWith("socketcluster.ping_interval") && e.contains("shorter"));
        assertThat(errors("{\"socketcluster\": {\"enabled\": true, \"path\": \"sc\"}}"))
                .anyMatch(e -> e.startsWith("socketcluster.path"));
        assertThat(errors("{\"socketcluster\": {\"pingInterval\": \"1s\"}}"))
                .anyMatch(e -> e.contains("socketcluster.pingInterval"));
    }
}
