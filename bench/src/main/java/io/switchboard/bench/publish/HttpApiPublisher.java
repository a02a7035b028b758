package io.switchboard.bench.publish;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes through the server API ({@code POST /api/publish}) over a few keep-alive HTTP/1.1 connections,
 * pipelining requests (all of one channel's on one connection, to keep their order); responses come back in request order, so each connection matches them to a FIFO of
 * outcomes. A connection that closes fails its outstanding publishes and is skipped afterwards.
 */
public final class HttpApiPublisher implements Publisher {
    private final List<Connection> connections;
    private final String host;
    private final String apiKey;
    private final LongAdder inFlight = new LongAdder();

    private HttpApiPublisher(List<Connection> connections, String host, String apiKey) {
        this.connections = connections;
        this.host = host;
        this.apiKey = apiKey;
    }

    /** Opens {@code count} connections to {@code target} (http or ws scheme; only host and port are used). */
    public static HttpApiPublisher connect(EventLoopGroup group, Class<? extends Channel> channelType, URI target,
                                           int count, String apiKey) throws InterruptedException {
        List<Connection> connections = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connection connection = new Connection();
            Channel channel = new Bootstrap().group(group).channel(channelType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), connection);
                        }
                    })
                    .connect(target.getHost(), target.getPort()).sync().channel();
            connection.channel = channel;
            connections.add(connection);
        }
        HttpApiPublisher publisher = new HttpApiPublisher(List.copyOf(connections), target.getHost() + ":" + target.getPort(), apiKey);
        connections.forEach(c -> c.inFlight = publisher.inFlight);
        return publisher;
    }

    @Override
    public void publish(String channel, ByteBuf data, Outcome done) {
        Connection connection = pick(channel);
        if (connection == null) {
            data.release();
            done.accepted(false, "no open API connection");
            return;
        }
        ByteBufAllocator alloc = connection.channel.alloc();
        CompositeByteBuf body = alloc.compositeBuffer(3);
        body.addComponent(true, ascii(alloc, "{\"channel\":\"" + channel + "\",\"data\":"));
        body.addComponent(true, data);
        body.addComponent(true, ascii(alloc, "}"));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/publish", body);
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (apiKey != null) request.headers().set("X-API-Key", apiKey);
        connection.send(request, done);
    }

    @Override
    public long inFlight() {
        return inFlight.sum();
    }

    /**
     * A channel's publishes all take the same connection while it is open: two connections would let the server
     * handle them concurrently and reorder the channel's sequence numbers.
     */
    private Connection pick(String channel) {
        int first = Math.floorMod(channel.hashCode(), connections.size());
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get((first + i) % connections.size());
            if (c.channel.isActive()) return c;
        }
        return null;
    }

    private static ByteBuf ascii(ByteBufAllocator alloc, String s) {
        ByteBuf buf = alloc.buffer(s.length());
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        return buf;
    }

    @Override
    public void close() {
        connections.forEach(c -> c.channel.close().awaitUninterruptibly());
    }

    /** One keep-alive connection and its outstanding publishes, touched by its event loop only. */
    private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final ArrayDeque<Outcome> pending = new ArrayDeque<>();
        private Channel channel;
        private LongAdder inFlight;

        void send(FullHttpRequest request, Outcome done) {
            if (channel.eventLoop().inEventLoop()) {
                write(request, done);
            } else {
                channel.eventLoop().execute(() -> write(request, done));
            }
        }

        private void write(FullHttpRequest request, Outcome done) {
            pending.add(done);
            inFlight.increment();
            channel.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Outcome done = pending.poll();
            if (done == null) return;
            inFlight.decrement();
            String body = response.content().toString(StandardCharsets.UTF_8);
            boolean ok = response.status().code() == 200 && body.contains("\"result\"");
            done.accepted(ok, ok ? null : response.status() + " " + body);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (Outcome done; (done = pending.poll()) != null; ) {
                inFlight.decrement();
                done.accepted(false, "API connection closed");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
