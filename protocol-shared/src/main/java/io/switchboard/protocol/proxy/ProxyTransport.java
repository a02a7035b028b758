package io.switchboard.protocol.proxy;

import java.util.concurrent.CompletableFuture;

/**
 * How a call reaches a backend whose endpoint is not HTTP ({@code grpc://host:port}): given the method of
 * Centrifugo's proxy service ("Connect", "RPC", ...) and the request as its JSON, it completes with the reply as
 * JSON ({@code {"result": ...}}, payloads as {@code b64data}/{@code b64info}) or fails. Never blocks the caller.
 */
public interface ProxyTransport extends AutoCloseable {
    CompletableFuture<byte[]> call(String method, ProxyEndpoint proxy, ProxyCaller caller, byte[] request);

    @Override
    default void close() {
    }
}
