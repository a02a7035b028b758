package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/** How one server's HTTP API takes a publish: the request to send and whether its response means accepted. */
public interface PublishRequests {
    /** The request that publishes {@code data} (which it takes over) on {@code channel}; headers apart from Host. */
    FullHttpRequest request(ByteBufAllocator alloc, String channel, ByteBuf data);

    /** Null when the response accepts the publish, otherwise why not. */
    String refusal(FullHttpResponse response);
}
