package io.switchboard.socketcluster;

import java.time.Duration;
import java.util.List;

/**
 * The SocketCluster endpoint of one server, with socketcluster-server's defaults: path {@code /socketcluster/}
 * (matched exactly, trailing slash included), protocol 2 ({@code ''} pings; 1 speaks {@code #1}/{@code #2} for
 * socketcluster-client 14 and older third-party clients), a ping every 8 s, 4001 after 30 s without a pong, 4005
 * after 10 s without a {@code #handshake}.
 *
 * @param allowedOrigins browser origins allowed to connect; empty allows all
 * @param channelLimit   subscriptions one socket may hold (socketcluster-server's {@code socketChannelLimit})
 * @param queueMaxBytes  deliveries one socket may have waiting before it is cut as slow
 */
public record SocketClusterSettings(String path, int protocolVersion, Duration pingInterval, Duration pingTimeout,
                                    Duration handshakeTimeout, List<String> allowedOrigins, int maxMessageBytes,
                                    int channelLimit, long queueMaxBytes) {
    public static final String DEFAULT_PATH = "/socketcluster/";

    public SocketClusterSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (protocolVersion != 1 && protocolVersion != 2) throw new IllegalArgumentException("protocol_version must be 1 or 2");
        if (pingInterval.compareTo(pingTimeout) >= 0) {
            throw new IllegalArgumentException("ping_interval must be shorter than ping_timeout (clients close 4000 otherwise)");
        }
    }

    public static SocketClusterSettings defaults() {
        return new SocketClusterSettings(DEFAULT_PATH, 2, Duration.ofSeconds(8), Duration.ofSeconds(30),
                Duration.ofSeconds(10), List.of(), 10 * 1024 * 1024, 1000, 1024 * 1024);
    }

    public SocketClusterSettings withProtocolVersion(int v) {
        return new SocketClusterSettings(path, v, pingInterval, pingTimeout, handshakeTimeout, allowedOrigins,
                maxMessageBytes, channelLimit, queueMaxBytes);
    }

    public SocketClusterSettings withPath(String v) {
        return new SocketClusterSettings(v, protocolVersion, pingInterval, pingTimeout, handshakeTimeout, allowedOrigins,
                maxMessageBytes, channelLimit, queueMaxBytes);
    }

    public SocketClusterSettings withTimeouts(Duration interval, Duration timeout, Duration handshake) {
        return new SocketClusterSettings(path, protocolVersion, interval, timeout, handshake, allowedOrigins,
                maxMessageBytes, channelLimit, queueMaxBytes);
    }
}
