package io.switchboard.bench.publish;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes through a server's HTTP API (its {@link PublishRequests}) over a few keep-alive HTTP/1.1
 * connections, pipelining requests: all of one channel's go on one connection, to keep their order, and
 * responses come back in request order, so each connection matches them to a FIFO of outcomes.
 *
 * <p>A server that closes after every response (Soketi's API answers {@code Connection: close}) is detected on
 * the first answer; from then on each publish takes a fresh connection from a small pool opened in advance, so
 * no request waits for a TCP handshake. Everything runs on the one event loop of the publisher's group.
 */
public final class HttpApiPublisher implements Publisher {
    private static final int SPARE_CONNECTIONS = 4;

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final List<Connection> persistent = new ArrayList<>();
    private final ArrayDeque<Connection> spare = new ArrayDeque<>();
    private final String host;
    private final PublishRequests requests;
    private final LongAdder inFlight = new LongAdder();
    private volatile boolean oneRequestPerConnection;
    private volatile boolean closed;

    private HttpApiPublisher(EventLoopGroup group, Class<? extends Channel> channelType, URI target,
                             PublishRequests requests) {
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .remoteAddress(target.getHost(), target.getPort());
        this.host = target.getHost() + ":" + target.getPort();
        this.requests = requests;
    }

    /** Opens {@code count} connections to {@code target} (http or ws scheme; only host and port are used). */
    public static HttpApiPublisher connect(EventLoopGroup group, Class<? extends Channel> channelType, URI target,
                                           int count, PublishRequests requests) throws InterruptedException {
        HttpApiPublisher publisher = new HttpApiPublisher(group, channelType, target, requests);
        for (int i = 0; i < count; i++) {
            Connection connection = publisher.open();
            connection.connected.sync();
            publisher.persistent.add(connection);
        }
        publisher.probe();
        return publisher;
    }

    /**
     * Publishes once on a channel nobody subscribes to and waits for the answer: it tells whether the server
     * keeps connections alive before any measured publish is pipelined, and a refused publish (a wrong API key or
     * secret) stops the run here with the server's reason.
     */
    private void probe() throws InterruptedException {
        java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
        ByteBuf data = alloc().buffer().writeBytes("{\"probe\":true}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        publish("bench-probe", data, (ok, error) -> answer.complete(ok ? "" : error));
        String refusal;
        try {
            refusal = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            refusal = "no answer within 10 s";
        }
        if (!refusal.isEmpty()) throw new IllegalStateException("the server refused a probe publish: " + refusal);
    }

    @Override
    public void publish(String channel, ByteBuf data, Outcome done) {
        if (loop.inEventLoop()) {
            send(channel, data, done);
        } else {
            loop.execute(() -> send(channel, data, done));
        }
    }

    private void send(String channel, ByteBuf data, Outcome done) {
        Connection connection = oneRequestPerConnection ? takeSpare() : pick(channel);
        if (connection == null || closed) {
            data.release();
            done.accepted(false, "no open API connection");
            return;
        }
        FullHttpRequest request = requests.request(alloc(), channel, data);
        request.headers().set(HttpHeaderNames.HOST, host);
        connection.write(request, done);
    }

    /** A connection for one request (still connecting is fine: writes wait for it), and a replacement. */
    private Connection takeSpare() {
        while (spare.size() < SPARE_CONNECTIONS + 1) spare.add(open());
        Connection c = spare.poll();
        spare.add(open());
        return c;
    }

    /**
     * A channel's publishes all take the same connection while it is open: two connections would let the server
     * handle them concurrently and reorder the channel's sequence numbers.
     */
    private Connection pick(String channel) {
        int first = Math.floorMod(channel.hashCode(), persistent.size());
        for (int i = 0; i < persistent.size(); i++) {
            Connection c = persistent.get((first + i) % persistent.size());
            if (c.channel.isActive()) return c;
        }
        return null;
    }

    private Connection open() {
        Connection connection = new Connection();
        ChannelFuture future = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), connection);
            }
        }).connect();
        connection.channel = future.channel();
        connection.connected = future;
        return connection;
    }

    private static ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public long inFlight() {
        return inFlight.sum();
    }

    @Override
    public void close() {
        closed = true;
        loop.submit(() -> {
            persistent.forEach(c -> c.channel.close());
            spare.forEach(c -> c.channel.close());
        }).awaitUninterruptibly();
        persistent.forEach(c -> c.channel.closeFuture().awaitUninterruptibly());
    }

    /** One connection and its outstanding publishes, touched by the publisher's event loop only. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final ArrayDeque<Outcome> pending = new ArrayDeque<>();
        private Channel channel;
        private ChannelFuture connected;

        void write(FullHttpRequest request, Outcome done) {
            pending.add(done);
            inFlight.increment();
            if (connected.isSuccess()) {
                channel.writeAndFlush(request, channel.voidPromise());
            } else {
                // A spare still connecting: the request leaves once it is up; a failed connect fails it below.
                connected.addListener(f -> {
                    if (f.isSuccess()) channel.writeAndFlush(request, channel.voidPromise());
                    else {
                        request.release();
                        failPending("API connect failed: " + f.cause());
                    }
                });
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (!HttpUtil.isKeepAlive(response)) oneRequestPerConnection = true;
            Outcome done = pending.poll();
            if (done == null) return;
            inFlight.decrement();
            String refusal = requests.refusal(response);
            done.accepted(refusal == null, refusal);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failPending("API connection closed");
        }

        private void failPending(String reason) {
            for (Outcome done; (done = pending.poll()) != null; ) {
                inFlight.decrement();
                done.accepted(false, reason);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
