package io.switchboard.engine.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A Lua script run by its SHA1, sent in full the first time a Redis does not know it (NOSCRIPT). */
public final class Script {
    public static final Script HISTORY_ADD = load("history_add.lua");
    public static final Script HISTORY_READ = load("history_read.lua");
    public static final Script PRESENCE_ADD = load("presence_add.lua");
    public static final Script PRESENCE_REMOVE = load("presence_remove.lua");
    public static final Script PRESENCE_GET = load("presence_get.lua");
    public static final Script OCCUPANCY = load("occupancy.lua");
    public static final Script MAP_PUBLISH = load("map_publish.lua");
    public static final Script MAP_STATE = load("map_state.lua");
    public static final Script MAP_STREAM = load("map_stream.lua");
    public static final Script MAP_TOUCH = load("map_touch.lua");

    private final byte[] body;
    private final String sha;

    private Script(byte[] body) {
        this.body = body;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Script load(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("script " + name + " is not on the class path");
            return new Script(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> CompletableFuture<T> run(RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type,
                                        byte[][] keys, byte[]... args) {
        CompletableFuture<T> bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        return bySha.handle((value, error) -> {
            if (error == null) return CompletableFuture.completedFuture(value);
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(body, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }
}
