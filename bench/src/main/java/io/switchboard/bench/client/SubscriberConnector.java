package io.switchboard.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.switchboard.bench.measure.DeliveryRecorder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Opens subscriber connections to one target. Connection {@code i} binds to source address
 * {@code 127.0.0.(1 + i % sourceAddresses)} so that the number of connections is not capped by one address's
 * ephemeral port range (about 28,000 on a default Linux).
 */
public final class SubscriberConnector {
    private static final int MAX_FRAME = 16 << 20;

    private final Bootstrap bootstrap;
    private final URI uri;
    private final InetSocketAddress remote;
    private final Protocol protocol;
    private final InetAddress[] sources;
    private final DeliveryRecorder recorder;
    private final ConnectionCounters counters = new ConnectionCounters();

    public SubscriberConnector(EventLoopGroup group, Class<? extends Channel> channelType, URI target,
                               Protocol protocol, int sourceAddresses, DeliveryRecorder recorder) {
        this.uri = target.resolve(protocol.path());
        this.remote = new InetSocketAddress(target.getHost(), target.getPort());
        this.protocol = protocol;
        this.recorder = recorder;
        this.sources = loopbackSources(sourceAddresses);
        this.bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /** Starts connecting connection number {@code index}; its {@link Subscriber#ready()} tells the outcome. */
    public Subscriber connect(int index, String channel) {
        Subscriber subscriber = new Subscriber(channel, protocol.newSession(channel), recorder, counters);
        ChannelFuture connected = bootstrap.clone().handler(webSocketPipeline(uri, subscriber))
                .connect(remote, new InetSocketAddress(sources[index % sources.length], 0));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                counters.failure("connect: " + f.cause().getMessage());
                subscriber.ready().completeExceptionally(new ConnectionFailure("connect: " + f.cause().getMessage()));
            }
        });
        return subscriber;
    }

    /** A client WebSocket to {@code uri} whose whole messages reach {@code last}, which sees close frames itself. */
    static ChannelInitializer<Channel> webSocketPipeline(URI uri, ChannelHandler last) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(30_000)
                .handleCloseFrames(false) // the last handler records the close code before closing
                .dropPongFrames(true)
                .build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME), last);
            }
        };
    }

    public ConnectionCounters counters() {
        return counters;
    }

    private static InetAddress[] loopbackSources(int count) {
        if (count < 1 || count > 254) throw new IllegalArgumentException("source addresses must be 1..254");
        InetAddress[] addresses = new InetAddress[count];
        try {
            for (int i = 0; i < count; i++) {
                addresses[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)});
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return addresses;
    }
}
