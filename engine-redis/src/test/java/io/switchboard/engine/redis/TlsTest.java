package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A redis-server that speaks only TLS, with a certificate of a CA made for the test by openssl. */
class TlsTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
                "-out", "server.csr");
        java.nio.file.Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "ext.cnf", "-out", "server.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
                "-keyout", "other.key", "-out", "other.pem");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static RedisServer tlsRedis(int tlsPort) {
        // the plain port stays on loopback for the helper's PING; the engine uses only the TLS one
        return RedisServer.start("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", dir.resolve("server.pem").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
                "--tls-auth-clients", "no");
    }

    private static void publishesThrough(RedisSettings settings) throws Exception {
        RedisEngine e = RedisEngine.connect(settings, System::currentTimeMillis, 10);
        try {
            RedisEngineTest.Events events = new RedisEngineTest.Events();
            e.start(events);
            e.subscribe("t").get(10, TimeUnit.SECONDS);
            e.publish("t", new Publication(0, "x".getBytes(StandardCharsets.UTF_8), new ClientInfo("u", "c", null, null),
                    Map.of(), 0), HISTORY, false).get(10, TimeUnit.SECONDS);
            assertThat(events.next().position.offset()).isPositive();
        } finally {
            e.close();
        }
    }

    @Test
    void theServersCertificateIsCheckedAgainstTheGivenCa() throws Exception {
        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = tlsRedis(tlsPort)) {
            RedisSettings base = RedisSettings.of("127.0.0.1:" + tlsPort).withPrefix("tls");
            publishesThrough(base.withTls(new RedisTls(true, false, dir.resolve("ca.pem").toString())));
            assertThatThrownBy(() -> RedisEngine.connect(
                    base.withTls(new RedisTls(true, false, dir.resolve("other.pem").toString())), System::currentTimeMillis, 10))
                    .isInstanceOf(RedisUnavailableException.class);
            publishesThrough(base.withTls(new RedisTls(true, true, null)));
            assertThat(redis.command("TYPE tls.stream.t")).isEqualTo("+stream");
        }
    }
}
