package io.switchboard.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The HTTP/1.1 + WebSocket server: native epoll on Linux, NIO elsewhere, pooled buffers. */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Router router;
    private final String address;
    private final int port;
    private final int maxRequestBody;
    private final int writeHighWaterMark;
    private final ConnectionLimits limits;
    private final OpenConnections connections;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    /** A server with no limits at the door (tests, embedding that sets its own). */
    public HttpServer(Router router, String address, int port, int maxRequestBody, int writeHighWaterMark) {
        this(router, address, port, maxRequestBody, writeHighWaterMark, ConnectionLimits.NONE);
    }

    /**
     * @param writeHighWaterMark bytes a connection may have queued before it reports unwritable
     * @param limits             the deadlines and the connection limit at the door
     */
    public HttpServer(Router router, String address, int port, int maxRequestBody, int writeHighWaterMark,
                      ConnectionLimits limits) {
        this.router = router;
        this.limits = limits;
        this.connections = new OpenConnections(limits.maxConnections());
        this.address = address;
        this.port = port;
        this.maxRequestBody = maxRequestBody;
        this.writeHighWaterMark = writeHighWaterMark;
    }

    public void start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerSocketChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(writeHighWaterMark / 2, writeHighWaterMark))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch.pipeline(), router, maxRequestBody, limits, connections);
                    }
                });
        serverChannel = bootstrap.bind(address, port).sync().channel();
        log.info("listening on {}:{} ({})", address, port(), epoll ? "epoll" : "nio");
    }

    /**
     * The handlers of every HTTP connection. Public so that tests can run the real request path (routes, WebSocket
     * upgrades) on an {@code EmbeddedChannel}, without a socket.
     */
    public static void initPipeline(ChannelPipeline pipeline, Router router, int maxRequestBody) {
        initPipeline(pipeline, router, maxRequestBody, ConnectionLimits.NONE, new OpenConnections(0));
    }

    /** As above, at a door with these limits; {@code connections} is shared by every connection of one server. */
    public static void initPipeline(ChannelPipeline pipeline, Router router, int maxRequestBody, ConnectionLimits limits,
                                    OpenConnections connections) {
        pipeline.addLast(new ConnectionGate(connections));
        boolean timed = !limits.readHeaderTimeout().isZero() || !limits.idleTimeout().isZero();
        RequestDeadlines deadlines = timed ? new RequestDeadlines(limits) : null;
        if (timed) pipeline.addLast(deadlines.bytesIn());
        pipeline.addLast(new HttpServerCodec(8192, 16384, 8192));
        if (timed) pipeline.addLast(deadlines);
        pipeline.addLast(new HttpObjectAggregator(maxRequestBody));
        pipeline.addLast(new RouterHandler(router));
    }

    /** The connections open now, counted at the door. */
    public int openConnections() {
        return connections.count();
    }

    /**
     * Direct memory held by Netty's default buffer allocator, which every connection uses (Netty may keep it outside
     * the JDK's direct buffer pool figures); -1 when the allocator does not report it.
     */
    public static long allocatorDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : -1;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (serverChannel != null) serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
