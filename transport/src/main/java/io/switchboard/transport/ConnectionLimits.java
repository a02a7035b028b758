package io.switchboard.transport;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What a connection may cost before it has asked for anything: the time to send a request head, the time a
 * keep-alive connection may sit between requests, and how many connections the server holds at once. A zero
 * turns a limit off.
 *
 * @param readHeaderTimeout from accept, or from the first byte of a later request on a keep-alive connection, to
 *                          the end of the request head; not reset by each byte, so a head dribbled byte by byte
 *                          is still cut. Answered 408, then closed
 * @param idleTimeout       how long a keep-alive connection with no request in progress stays open
 * @param maxConnections    connections held at once; a connection beyond it is answered 503 and closed
 */
public record ConnectionLimits(Duration readHeaderTimeout, Duration idleTimeout, int maxConnections) {
    public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the pools in front of us (a load balancer's 60 s, Go's and nginx's 60-90 s) close theirs. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** The share of the process's open-file limit connections may take by default; the rest is for everything else. */
    static final double DEFAULT_SHARE_OF_FILES = 0.9;

    public ConnectionLimits {
        if (readHeaderTimeout.isNegative() || idleTimeout.isNegative() || maxConnections < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** No limits at all: what tests that do not look at the door use. */
    public static final ConnectionLimits NONE = new ConnectionLimits(Duration.ZERO, Duration.ZERO, 0);

    /** 10 s for a head, 120 s idle, and {@link #defaultMaxConnections()}. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_READ_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, defaultMaxConnections());
    }

    /**
     * 90% of the process's open-file limit, so that accepting, Redis, the gRPC ports and logs still get a file
     * when connections reach it; 0 (none) when the limit cannot be read.
     */
    public static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long files = unix.getMaxFileDescriptorCount();
            if (files > 0) return (int) Math.min(Integer.MAX_VALUE, (long) (files * DEFAULT_SHARE_OF_FILES));
        }
        return 0;
    }
}
