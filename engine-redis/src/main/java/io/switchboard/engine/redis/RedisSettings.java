package io.switchboard.engine.redis;

import java.time.Duration;
import java.util.List;

/**
 * Where the Redis engine connects and how it names and keeps things (Centrifugo v6's {@code engine.redis} keys).
 *
 * @param addresses    one or more independent Redis instances ({@code host:port} or {@code redis://}/{@code
 *                     rediss://} URIs); channels are spread over several by a consistent hash. Empty with
 *                     cluster addresses
 * @param prefix       the first part of every key and PUB/SUB channel name
 * @param user         ACL user, null for none
 * @param password     null for none
 * @param database     the database number (standalone Redis only: 0 with a cluster)
 * @param tls          TLS to every address; null for none (a {@code rediss://} address still uses it)
 * @param presenceTtl  how long a connection stays present without its node refreshing it; a crashed node's
 *                     connections disappear within this time
 * @param commandTimeout how long a command may wait for its answer before it fails
 * @param clusterAddresses Redis Clusters, empty for none: each entry is one cluster, given as some of its nodes
 *                     separated by commas (the others are found from them); channels are spread over several
 *                     clusters by the same consistent hash. A channel's keys carry its name as a hash tag and
 *                     its PUB/SUB is sharded (SPUBLISH/SSUBSCRIBE)
 */
public record RedisSettings(List<String> addresses, String prefix, String user, String password, int database,
                            RedisTls tls, Duration presenceTtl, Duration commandTimeout, List<String> clusterAddresses) {
    public static final String DEFAULT_PREFIX = "switchboard";
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    public RedisSettings {
        addresses = List.copyOf(addresses);
        clusterAddresses = clusterAddresses == null ? List.of() : List.copyOf(clusterAddresses);
        if (clusterAddresses.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis address is required");
        }
        if (!clusterAddresses.isEmpty() && !addresses.isEmpty()) {
            throw new IllegalArgumentException("Redis addresses and cluster addresses exclude each other");
        }
        if (!clusterAddresses.isEmpty() && database != 0) {
            throw new IllegalArgumentException("a Redis Cluster has database 0 only");
        }
        if (!clusterAddresses.isEmpty() && !validClusterPrefix(prefix)) {
            throw new IllegalArgumentException("a Redis Cluster prefix must have no { or }: it would be the hash tag");
        }
        prefix = prefix == null || prefix.isEmpty() ? DEFAULT_PREFIX : prefix;
        tls = tls == null ? RedisTls.OFF : tls;
        presenceTtl = presenceTtl == null ? DEFAULT_PRESENCE_TTL : presenceTtl;
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
        if (presenceTtl.toMillis() < 1000) throw new IllegalArgumentException("presence_ttl must be at least 1s");
    }

    /** A brace in the prefix would take the hash tag's place, and a channel's keys would land on different slots. */
    public static boolean validClusterPrefix(String prefix) {
        return prefix == null || prefix.indexOf('{') < 0 && prefix.indexOf('}') < 0;
    }

    /** Independent instances, no cluster. */
    public RedisSettings(List<String> addresses, String prefix, String user, String password, int database,
                         RedisTls tls, Duration presenceTtl, Duration commandTimeout) {
        this(addresses, prefix, user, password, database, tls, presenceTtl, commandTimeout, List.of());
    }

    public static RedisSettings of(String... addresses) {
        return new RedisSettings(List.of(addresses), null, null, null, 0, RedisTls.OFF, null, null);
    }

    /** One Redis Cluster, reached through any of these nodes. */
    public static RedisSettings cluster(String... nodes) {
        return new RedisSettings(List.of(), null, null, null, 0, RedisTls.OFF, null, null, List.of(String.join(",", nodes)));
    }

    public boolean isCluster() {
        return !clusterAddresses.isEmpty();
    }

    public RedisSettings withPrefix(String p) {
        return new RedisSettings(addresses, p, user, password, database, tls, presenceTtl, commandTimeout,
                clusterAddresses);
    }

    public RedisSettings withTls(RedisTls t) {
        return new RedisSettings(addresses, prefix, user, password, database, t, presenceTtl, commandTimeout,
                clusterAddresses);
    }

    public RedisSettings withPresenceTtl(Duration ttl) {
        return new RedisSettings(addresses, prefix, user, password, database, tls, ttl, commandTimeout,
                clusterAddresses);
    }
}
