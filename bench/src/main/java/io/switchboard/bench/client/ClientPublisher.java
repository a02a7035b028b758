package io.switchboard.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.bench.publish.Publisher;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes through one client connection of the chosen protocol ({@code --publish-api client}): the protocol's
 * own publish command, as an application's client would send it, instead of the server API. Commands are
 * matched to their answers by id. Everything runs on the connection's event loop.
 */
public final class ClientPublisher extends ClientWebSocketHandler implements Publisher, ClientPublishing.Replies {
    private final ClientPublishing publishing;
    private final Map<Long, Outcome> waiting = new HashMap<>();
    private final LongAdder inFlight = new LongAdder();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private long nextId = 2; // 1 is the connect
    private String failure;

    private ClientPublisher(ClientPublishing publishing) {
        this.publishing = publishing;
    }

    /** Connects on one loop of {@code group} and returns once the protocol's connect was accepted. */
    public static ClientPublisher connect(EventLoopGroup group, Class<? extends Channel> channelType, URI target,
                                          Protocol protocol) throws Exception {
        ClientPublishing publishing = protocol.publishing();
        if (publishing == null) {
            throw new IllegalArgumentException("--protocol " + protocol.name() + " has no client publish here; "
                    + "publish through the server API instead");
        }
        ClientPublisher publisher = new ClientPublisher(publishing);
        new Bootstrap().group(group.next()).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(SubscriberConnector.webSocketPipeline(target.resolve(protocol.path()), publisher))
                .connect(target.getHost(), target.getPort()).sync();
        try {
            publisher.ready.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            publisher.close();
            throw new IllegalStateException("publisher connection: " + e.getCause().getMessage(), e.getCause());
        }
        return publisher;
    }

    @Override
    public void publish(String channelName, ByteBuf data, Outcome done) {
        EventLoop loop = channel.eventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(() -> publish(channelName, data, done));
            return;
        }
        if (failure != null || !channel.isActive()) {
            data.release();
            done.accepted(false, failure != null ? failure : "publisher connection closed");
            return;
        }
        long id = nextId++;
        waiting.put(id, done);
        inFlight.increment();
        channel.writeAndFlush(publishing.publish(id, channelName, data));
    }

    @Override
    public long inFlight() {
        return inFlight.sum();
    }

    @Override
    public void close() {
        if (channel != null) channel.close().syncUninterruptibly();
    }

    @Override
    void opened(Channel ch) {
        ch.writeAndFlush(publishing.hello());
    }

    @Override
    void onData(ChannelHandlerContext ctx, WebSocketFrame frame) {
        publishing.onFrame(frame, ctx.channel(), this);
    }

    @Override
    public void ready() {
        ready.complete(null);
    }

    @Override
    public void answered(long id, String error) {
        Outcome done = waiting.remove(id);
        if (done == null) return;
        inFlight.decrement();
        done.accepted(error == null, error);
    }

    @Override
    public void failed(String reason) {
        if (failure != null) return;
        failure = reason;
        ready.completeExceptionally(new ConnectionFailure(reason));
        List<Long> ids = new ArrayList<>(waiting.keySet());
        for (long id : ids) answered(id, reason);
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failed("publisher connection closed");
        super.channelInactive(ctx);
    }
}
