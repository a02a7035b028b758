package io.switchboard.centrifugo;

import java.util.concurrent.CompletableFuture;

/**
 * Answers a client's {@code rpc} command for an embedding application. Without one, rpc replies 108
 * (not available), as Centrifugo does without an RPC proxy. Fail the future with a
 * {@link io.switchboard.core.CoreException} to answer a specific error.
 */
@FunctionalInterface
public interface RpcHandler {
    CompletableFuture<byte[]> call(String user, String client, String method, byte[] data);
}
