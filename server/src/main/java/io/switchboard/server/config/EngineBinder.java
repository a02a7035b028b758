package io.switchboard.server.config;

import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.engine.redis.RedisTls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code engine} section (Centrifugo v6 names): memory for one node, redis for many sharing one Redis,
 * several independent ones ({@code address} as a list), Redis Clusters ({@code cluster_address}) or a master
 * found through Sentinel ({@code sentinel_address}).
 */
final class EngineBinder {
    static final Set<String> ENGINES = Set.of("memory", "redis");
    private static final String REDIS = "engine.redis.";
    private static final String HOST_PORT = "[^:/\\s,]+:\\d{1,5}";

    private EngineBinder() {
    }

    static void declare(BiConsumer<String, ValueType> key) {
        key.accept(REDIS + "address", ValueType.STRINGS);
        key.accept(REDIS + "prefix", ValueType.STRING);
        key.accept(REDIS + "user", ValueType.STRING);
        key.accept(REDIS + "password", ValueType.STRING);
        key.accept(REDIS + "db", ValueType.INTEGER);
        key.accept(REDIS + "tls.enabled", ValueType.BOOLEAN);
        key.accept(REDIS + "tls.insecure_skip_verify", ValueType.BOOLEAN);
        key.accept(REDIS + "tls.server_ca_pem_file", ValueType.STRING);
        key.accept(REDIS + "presence_ttl", ValueType.DURATION);
        key.accept(REDIS + "io_timeout", ValueType.DURATION);
        key.accept(REDIS + "cluster_address", ValueType.STRINGS);
        key.accept(REDIS + "sentinel_address", ValueType.STRINGS);
        key.accept(REDIS + "sentinel_master_name", ValueType.STRING);
    }

    /** The Redis settings when the type is redis, else null (and any engine.redis key is then a warning). */
    static RedisSettings redis(String type, SectionView top, Problems problems) {
        if (!"redis".equals(type)) {
            if (top.has("engine.redis")) problems.warning("engine.redis is ignored: engine.type is not \"redis\"");
            return null;
        }
        List<String> addresses = top.oneOrMany(REDIS + "address");
        List<String> clusters = clusters(top, problems);
        if (!clusters.isEmpty() && !addresses.isEmpty()) {
            problems.error(REDIS + "cluster_address", "excludes engine.redis.address (give one of them: a cluster's "
                    + "nodes go in cluster_address, independent instances in address)");
        }
        List<String> sentinels = top.oneOrMany(REDIS + "sentinel_address");
        String master = top.string(REDIS + "sentinel_master_name", "");
        if (!sentinels.isEmpty() || !master.isEmpty()) {
            if (!addresses.isEmpty()) problems.error(REDIS + "address", "give address or sentinel_address, not both");
            if (!clusters.isEmpty()) {
                problems.error(REDIS + "cluster_address", "give cluster_address or sentinel_address, not both");
            }
            if (master.isEmpty()) problems.error(REDIS + "sentinel_master_name", "is required with sentinel_address");
            if (sentinels.isEmpty()) problems.error(REDIS + "sentinel_address", "is required with sentinel_master_name");
            for (String s : sentinels) {
                if (!s.trim().matches("[^:/\\s,#]+:\\d{1,5}")) {
                    problems.error(REDIS + "sentinel_address", "\"" + s + "\" is not host:port");
                }
            }
            if (problems.hasErrors()) return null;
            // Lettuce finds the master through the sentinels of one URI, and follows it on failover
            addresses = List.of("redis-sentinel://" + String.join(",", sentinels.stream().map(String::trim).toList())
                    + "#" + master);
        }
        if (addresses.isEmpty() && clusters.isEmpty()) addresses = List.of("127.0.0.1:6379");
        for (int i = 0; i < addresses.size(); i++) {
            String a = addresses.get(i).trim();
            if (!a.contains("://") && !a.matches(HOST_PORT)) {
                problems.error(REDIS + "address", "\"" + a + "\" is not host:port or a redis:// URI");
            }
        }
        Duration presenceTtl = top.duration(REDIS + "presence_ttl", RedisSettings.DEFAULT_PRESENCE_TTL);
        if (presenceTtl != null && presenceTtl.toMillis() < 1000) {
            problems.error(REDIS + "presence_ttl", "must be at least 1s");
        }
        Duration ioTimeout = top.duration(REDIS + "io_timeout", RedisSettings.DEFAULT_COMMAND_TIMEOUT);
        if (ioTimeout != null && ioTimeout.toMillis() <= 0) problems.error(REDIS + "io_timeout", "must be positive");
        Integer db = top.integer(REDIS + "db", 0, 0, 1 << 16);
        if (db != null && db != 0 && !clusters.isEmpty()) {
            problems.error(REDIS + "db", "must be 0 with engine.redis.cluster_address (a Redis Cluster has database 0 only)");
        }
        String prefix = top.string(REDIS + "prefix", RedisSettings.DEFAULT_PREFIX);
        if (!clusters.isEmpty() && !RedisSettings.validClusterPrefix(prefix)) {
            problems.error(REDIS + "prefix", "must have no { or } with engine.redis.cluster_address (a channel's "
                    + "name is its keys' hash tag)");
        }
        RedisTls tls = new RedisTls(top.bool(REDIS + "tls.enabled", false),
                top.bool(REDIS + "tls.insecure_skip_verify", false), top.string(REDIS + "tls.server_ca_pem_file", null));
        if (tls.serverCaPemFile() != null && !Files.isReadable(Path.of(tls.serverCaPemFile()))) {
            problems.error(REDIS + "tls.server_ca_pem_file", "\"" + tls.serverCaPemFile() + "\" is not a readable file");
        }
        if (problems.hasErrors()) return null;
        return new RedisSettings(addresses.stream().map(String::trim).toList(),
                prefix, top.string(REDIS + "user", null),
                top.string(REDIS + "password", null), db, tls, presenceTtl, ioTimeout, clusters);
    }

    /**
     * Centrifugo's form: each entry is one cluster, named by some of its nodes separated by commas; several
     * entries shard channels over several clusters.
     */
    private static List<String> clusters(SectionView top, Problems problems) {
        List<String> clusters = new ArrayList<>();
        for (String entry : top.oneOrMany(REDIS + "cluster_address")) {
            List<String> nodes = Arrays.stream(entry.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
            if (nodes.isEmpty()) problems.error(REDIS + "cluster_address", "\"" + entry + "\" names no node");
            for (String n : nodes) {
                if (!n.contains("://") && !n.matches(HOST_PORT)) {
                    problems.error(REDIS + "cluster_address", "\"" + n + "\" is not host:port or a redis:// URI");
                }
            }
            clusters.add(String.join(",", nodes));
        }
        return clusters;
    }
}
