package io.switchboard.server.config;

import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.engine.redis.RedisTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine section: memory by default; redis with Centrifugo v6's engine.redis keys, from a file or the environment. */
class EngineConfigTest {
    @TempDir
    Path dir;

    private SwitchboardConfig load(String json, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json), false, env, ConfigLoader.Overrides.NONE);
    }

    private List<String> errors(String json) {
        return ConfigErrors.of(() -> load(json, Map.of())).errors();
    }

    @Test
    void memoryUnlessToldOtherwise() throws Exception {
        SwitchboardConfig c = load("{}", Map.of());
        assertThat(c.engineType()).isEqualTo("memory");
        assertThat(c.redis()).isNull();
    }

    @Test
    void mapChannelsStayInMemoryUnlessTheMapBrokerIsRedisOnTheRedisEngine() throws Exception {
        assertThat(load("{\"engine\": {\"type\": \"redis\"}}", Map.of()).redisMapCleanup()).isNull();
        assertThat(load("{\"engine\": {\"type\": \"redis\"}, \"map_broker\": {\"type\": \"redis\"}}", Map.of())
                .redisMapCleanup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"prefix\": \"cf\"}}, \"map_broker\": {\"type\":"
                + " \"redis\", \"redis\": {\"prefix\": \"cf\", \"cleanup_interval\": \"250ms\"}}}", Map.of())
                .redisMapCleanup()).isEqualTo(Duration.ofMillis(250));
        assertThat(errors("{\"map_broker\": {\"type\": \"redis\"}}")).containsExactly("map_broker.type: redis needs"
                + " engine.type redis (the map broker uses the engine's Redis)");
        assertThat(errors("{\"engine\": {\"type\": \"redis\"}, \"map_broker\": {\"type\": \"redis\", \"redis\":"
                + " {\"prefix\": \"other\"}}}")).singleElement().asString().startsWith("map_broker.redis.prefix: must be");
        assertThat(errors("{\"map_broker\": {\"type\": \"etcd\"}}"))
                .containsExactly("map_broker.type: is not a map broker (allowed: memory, redis)");
    }

    @Test
    void redisWithEveryKey() throws Exception {
        RedisSettings r = load("""
                {"engine": {"type": "redis", "redis": {"address": "10.0.0.1:6380", "prefix": "app", "user": "sb",
                 "password": "pw", "db": 2, "tls": {"enabled": true}, "presence_ttl": "30s", "io_timeout": "2s"}}}""",
                Map.of()).redis();
        assertThat(r).isEqualTo(new RedisSettings(List.of("10.0.0.1:6380"), "app", "sb", "pw", 2, RedisTls.ON,
                Duration.ofSeconds(30), Duration.ofSeconds(2)));
    }

    @Test
    void redisDefaultsAreALocalRedisAndCentrifugosTimings() throws Exception {
        RedisSettings r = load("{\"engine\": {\"type\": \"redis\"}}", Map.of()).redis();
        assertThat(r.addresses()).containsExactly("127.0.0.1:6379");
        assertThat(r.prefix()).isEqualTo("switchboard");
        assertThat(r.presenceTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aListOfAddressesShardsAndTheEnvironmentGivesItSpaceSeparated() throws Exception {
        assertThat(load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"address\": [\"a:1\", \"redis://b:2\"]}}}",
                Map.of()).redis().addresses()).containsExactly("a:1", "redis://b:2");
        SwitchboardConfig c = load("{}", Map.of("SWITCHBOARD_ENGINE_TYPE", "redis",
                "SWITCHBOARD_ENGINE_REDIS_ADDRESS", "h1:7000 h2:7001", "SWITCHBOARD_ENGINE_REDIS_PRESENCE_TTL", "5s"));
        assertThat(c.redis().addresses()).containsExactly("h1:7000", "h2:7001");
        assertThat(c.redis().presenceTtl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesAreNamed() {
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"address\": \"no-port\"}}}"))
                .containsExactly("engine.redis.address: \"no-port\" is not host:port or a redis:// URI");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"address\": [1]}}}"))
                .containsExactly("engine.redis.address[0]: expected a string, got an integer (1)");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"presence_ttl\": \"500ms\"}}}"))
                .containsExactly("engine.redis.presence_ttl: must be at least 1s");
    }

    @Test
    void aClusterAddressIsOneClusterByCommaSeparatedNodesAndSeveralShardOverClusters() throws Exception {
        RedisSettings one = load("""
                {"engine": {"type": "redis", "redis": {"cluster_address": "10.0.0.1:7000, 10.0.0.2:7000",
                 "prefix": "app"}}}""", Map.of()).redis();
        assertThat(one.isCluster()).isTrue();
        assertThat(one.clusterAddresses()).containsExactly("10.0.0.1:7000,10.0.0.2:7000");
        assertThat(one.addresses()).isEmpty(); // no default 127.0.0.1:6379 beside a cluster
        assertThat(one.prefix()).isEqualTo("app");
        assertThat(load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": [\"a:1,a:2\", \"b:1\"]}}}",
                Map.of()).redis().clusterAddresses()).containsExactly("a:1,a:2", "b:1");
        SwitchboardConfig env = load("{}", Map.of("SWITCHBOARD_ENGINE_TYPE", "redis",
                "SWITCHBOARD_ENGINE_REDIS_CLUSTER_ADDRESS", "h1:7000,h2:7001 h3:7002"));
        assertThat(env.redis().clusterAddresses()).containsExactly("h1:7000,h2:7001", "h3:7002");
        assertThat(env.redis().addresses()).isEmpty();
    }

    @Test
    void aClusterAddressRefusesAnAddressOrSentinelBesideItAnotherDatabaseABracedPrefixAndMalformedNodes() {
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": \"a:1\", \"address\": \"b:2\"}}}"))
                .containsExactly("engine.redis.cluster_address: excludes engine.redis.address (give one of them: "
                        + "a cluster's nodes go in cluster_address, independent instances in address)");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": \"a:1\", \"db\": 3}}}"))
                .containsExactly("engine.redis.db: must be 0 with engine.redis.cluster_address (a Redis Cluster has "
                        + "database 0 only)");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": [\"a:1,nope\"]}}}"))
                .containsExactly("engine.redis.cluster_address: \"nope\" is not host:port or a redis:// URI");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": [\" , \"]}}}"))
                .containsExactly("engine.redis.cluster_address: \" , \" names no node");
        assertThat(errors("""
                {"engine": {"type": "redis", "redis": {"cluster_address": "a:1", "sentinel_address": "s:1",
                 "sentinel_master_name": "m"}}}"""))
                .containsExactly("engine.redis.cluster_address: give cluster_address or sentinel_address, not both");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"cluster_address\": \"a:1\", \"prefix\": \"x{y\"}}}"))
                .containsExactly("engine.redis.prefix: must have no { or } with engine.redis.cluster_address (a "
                        + "channel's name is its keys' hash tag)");
    }

    @Test
    void tlsTakesCentrifugosKeys() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        RedisSettings r = load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"tls\": {\"enabled\": true,"
                + " \"server_ca_pem_file\": \"" + ca + "\"}}}}", Map.of()).redis();
        assertThat(r.tls()).isEqualTo(new RedisTls(true, false, ca.toString()));
        assertThat(load("{\"engine\": {\"type\": \"redis\", \"redis\": {\"tls\": {\"enabled\": true,"
                + " \"insecure_skip_verify\": true}}}}", Map.of()).redis().tls()).isEqualTo(new RedisTls(true, true, null));
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"tls\": {\"server_ca_pem_file\": \"/nope.pem\"}}}}"))
                .containsExactly("engine.redis.tls.server_ca_pem_file: \"/nope.pem\" is not a readable file");
    }

    @Test
    void sentinelsBecomeOneSentinelAddress() throws Exception {
        RedisSettings r = load("""
                {"engine": {"type": "redis", "redis": {"sentinel_address": ["s1:26379", "s2:26380"],
                 "sentinel_master_name": "main", "password": "pw"}}}""", Map.of()).redis();
        assertThat(r.addresses()).containsExactly("redis-sentinel://s1:26379,s2:26380#main");
        assertThat(r.password()).isEqualTo("pw");
        assertThat(errors("{\"engine\": {\"type\": \"redis\", \"redis\": {\"sentinel_address\": \"s1:1\"}}}"))
                .containsExactly("engine.redis.sentinel_master_name: is required with sentinel_address");
        assertThat(errors("""
                {"engine": {"type": "redis", "redis": {"address": "a:1", "sentinel_address": "s:1",
                 "sentinel_master_name": "m"}}}"""))
                .containsExactly("engine.redis.address: give address or sentinel_address, not both");
    }

    @Test
    void redisKeysWithTheMemoryEngineAreAWarning() throws Exception {
        SwitchboardConfig c = load("{\"engine\": {\"redis\": {\"address\": \"a:1\"}}}", Map.of());
        assertThat(c.redis()).isNull();
        assertThat(c.warnings()).contains("engine.redis is ignored: engine.type is not \"redis\"");
    }
}
