package io.switchboard.bench;

import io.switchboard.testing.ServerJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.bench.server.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario once at a tiny size against the real server jar, so the generator cannot rot. These are not
 * benchmarks: only the shape of the result and the absence of loss are checked, never a speed. An integration
 * test (failsafe, after the jar is packaged): a missing or stale jar fails it, see {@link ServerJar}.
 */
class ScenarioRunsIT {
    private static Path serverJar;
    private static ServerProcess server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSharedServer() throws Exception {
        serverJar = ServerJar.checked();
        server = ServerProcess.start(serverJar, null, List.of("-Xmx256m"), null, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopSharedServer() {
        if (server != null) server.close();
    }

    @Test
    void broadcastStartsItsOwnServerAndReportsEveryHeadlineFieldWithoutLoss() throws Exception {
        JsonNode json = run("broadcast", "--server-jar", serverJar.toString(), "--server-jvm-opts", "-Xmx256m",
                "--subscribers", "5", "--rate", "50", "--duration", "1.5", "--warmup", "0.5");

        assertHeadlineFields(json);
        assertThat(json.get("server_pid").asLong()).isNotEqualTo(server.pid());
        assertThat(json.get("connections").get("established").asLong()).isEqualTo(5);
        assertThat(json.get("lost").asLong()).isZero();
        assertThat(json.get("duplicates").asLong()).isZero();
        assertThat(json.get("deliveries").asLong()).isPositive();
        assertThat(json.get("deliveries_per_server_cpu_second").asDouble()).isPositive();
        assertThat(json.get("timeline").size()).isPositive();
    }

    @Test
    void broadcastOverProtobufDeliversEveryMessage() throws Exception {
        JsonNode json = runAgainstSharedServer("broadcast", "--protocol", "centrifugo-protobuf",
                "--subscribers", "4", "--rate", "50", "--duration", "1", "--warmup", "0.2");

        assertHeadlineFields(json);
        assertThat(json.get("protocol").asText()).isEqualTo("centrifugo-protobuf");
        assertThat(json.get("lost").asLong()).isZero();
        assertThat(json.get("deliveries").asLong()).isPositive();
    }

    @Test
    void aClientConnectionCanBeThePublisherOverJsonAndProtobuf() throws Exception {
        for (String protocol : List.of("centrifugo-json", "centrifugo-protobuf")) {
            JsonNode json = runAgainstSharedServer("broadcast", "--protocol", protocol, "--publish-api", "client",
                    "--subscribers", "4", "--rate", "50", "--duration", "1", "--warmup", "0.2");

            assertHeadlineFields(json);
            assertThat(json.get("published").asLong()).as(protocol).isPositive();
            assertThat(json.get("publish_errors").asLong()).as(protocol).isZero();
            assertThat(json.get("expected_deliveries").asLong()).as(protocol).isEqualTo(4 * json.get("published").asLong());
            assertThat(json.get("lost").asLong()).as(protocol).isZero();
        }
    }

    @Test
    void aProtocolWithoutClientPublishIsRefusedBeforeAnyConnection() {
        assertThat(BenchMain.run(new String[] {"broadcast", "--target", server.uri().toString(), "--no-pin",
                "--protocol", "socketio", "--publish-api", "client", "--subscribers", "1"})).isNotZero();
    }

    @Test
    void manyChannelsSpreadsSubscribersOverOneChannelPerTenAndLosesNothing() throws Exception {
        JsonNode json = runAgainstSharedServer("channels", "--subscribers", "20", "--rate", "40",
                "--duration", "1", "--warmup", "0.2");

        assertHeadlineFields(json);
        assertThat(json.get("settings").get("channels").asInt()).isEqualTo(2);
        assertThat(json.get("lost").asLong()).isZero();
        assertThat(json.get("expected_deliveries").asLong()).isPositive();
    }

    @Test
    void idleHoldsItsConnectionsAndReportsServerMemoryPerConnection() throws Exception {
        JsonNode json = runAgainstSharedServer("idle", "--subscribers", "10", "--duration", "1", "--warmup", "0");

        assertThat(json.get("connections").get("established").asLong()).isEqualTo(10);
        assertThat(json.get("connections").get("disconnects").asLong()).isZero();
        assertThat(json.get("server_rss_bytes").asLong()).isPositive();
        assertThat(json.has("server_rss_bytes_per_connection")).isTrue();
        assertThat(json.get("server_cpu_seconds").isNumber()).isTrue();
    }

    @Test
    void connectStormReportsItsConnectionRate() throws Exception {
        JsonNode json = runAgainstSharedServer("storm", "--subscribers", "20", "--duration", "10", "--warmup", "0");

        JsonNode connections = json.get("connections");
        assertThat(connections.get("established").asLong()).isEqualTo(20);
        assertThat(connections.get("failed").asLong()).isZero();
        assertThat(connections.get("per_second").asDouble()).isPositive();
        assertThat(connections.get("subscribe_latency_ms").get("p99").isNumber()).isTrue();
    }

    private JsonNode runAgainstSharedServer(String scenario, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--target", server.uri().toString(),
                "--server-pid", Long.toString(server.pid())));
        all.addAll(List.of(args));
        return run(scenario, all.toArray(String[]::new));
    }

    private JsonNode run(String scenario, String... args) throws Exception {
        Path json = dir.resolve(scenario + ".json");
        Path html = dir.resolve(scenario + ".html");
        List<String> all = new ArrayList<>(List.of(scenario, "--no-pin", "--threads", "1", "--drain", "5",
                "--json", json.toString(), "--html", html.toString()));
        all.addAll(List.of(args));

        assertThat(BenchMain.run(all.toArray(String[]::new))).as("exit code").isZero();

        assertThat(Files.readString(html)).contains("<svg").doesNotContain("<script");
        return new ObjectMapper().readTree(json.toFile());
    }

    private static void assertHeadlineFields(JsonNode json) {
        assertThat(json.get("deliveries_per_second").asDouble()).isPositive();
        for (String p : List.of("p50", "p90", "p99", "p999")) {
            assertThat(json.get("latency_ms").get(p).isNumber()).as("latency_ms." + p).isTrue();
        }
        assertThat(json.get("lost").isNumber()).isTrue();
        assertThat(json.get("server_cpu_seconds").isNumber()).isTrue();
        assertThat(json.get("server_rss_bytes").asLong()).isPositive();
        assertThat(json.get("deliveries_per_server_cpu_second").isNumber()).isTrue();
    }
}
