package io.switchboard.server.config;

import io.switchboard.engine.redis.RedisSettings;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The {@code map_broker} section (Centrifugo v6 names): {@code type} memory (the default, as in Centrifugo) keeps
 * map channels in each node's memory; redis keeps them in the engine's Redis, shared by the nodes. This cut
 * serves the Redis map broker on the Redis engine's connection and prefix only.
 */
final class MapBrokerBinder {
    private static final String REDIS = "map_broker.redis.";

    private MapBrokerBinder() {
    }

    static void declare(BiConsumer<String, ValueType> key) {
        key.accept("map_broker.type", ValueType.STRING);
        key.accept(REDIS + "prefix", ValueType.STRING);
        key.accept(REDIS + "cleanup_interval", ValueType.DURATION);
        key.accept(REDIS + "address", ValueType.STRING_LIST);
    }

    /**
     * How often the Redis map broker removes expired entries when map_broker.type is redis (zero: never, as
     * Centrifugo's -1), else null.
     */
    static Duration redisCleanup(SectionView top, RedisSettings engineRedis, Problems problems) {
        String type = top.string("map_broker.type", "memory");
        if ("postgres".equals(type)) {
            problems.warning("map_broker.type \"postgres\" is not served: map channels are kept in each node's memory");
            return null;
        }
        if (!"redis".equals(type)) {
            if (!"memory".equals(type)) problems.error("map_broker.type", "is not a map broker (allowed: memory, redis)");
            if (top.has("map_broker.redis")) problems.warning("map_broker.redis is ignored: map_broker.type is not \"redis\"");
            return null;
        }
        if (engineRedis == null) {
            problems.error("map_broker.type", "redis needs engine.type redis (the map broker uses the engine's Redis)");
            return null;
        }
        if (!engineRedis.clusterAddresses().isEmpty()) {
            problems.error("map_broker.type", "redis is not served on a Redis Cluster yet");
            return null;
        }
        String prefix = top.string(REDIS + "prefix", engineRedis.prefix());
        if (!prefix.equals(engineRedis.prefix())) {
            problems.error(REDIS + "prefix", "must be engine.redis.prefix (\"" + engineRedis.prefix()
                    + "\"): the map broker shares the engine's PUB/SUB");
        }
        if (top.has(REDIS + "address")) {
            problems.warning("map_broker.redis.address is ignored: the map broker uses the engine's Redis");
        }
        Duration every = top.duration(REDIS + "cleanup_interval", Duration.ofSeconds(1));
        return every == null || every.isNegative() ? Duration.ZERO : every;
    }
}
