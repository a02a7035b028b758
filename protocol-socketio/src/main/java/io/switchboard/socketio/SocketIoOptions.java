package io.switchboard.socketio;

import io.switchboard.socketio.engine.EngineIoOptions;

import java.time.Duration;

/**
 * Settings of the Socket.IO server, with the Node server's defaults where it has them.
 *
 * @param connectTimeout      how long a v5 client may stay connected without joining any namespace
 * @param channelEvents       whether clients may join and leave channels with Laravel Echo's {@code subscribe} and
 *                            {@code unsubscribe} events and send {@code client event}s, under the channel rules
 * @param insecure            whether channel permission checks are skipped (development only)
 * @param recovery            connection state recovery (Socket.IO 4.6+): missed room events replayed from history
 * @param maxDisconnectionDuration how long a dropped session can still be recovered
 * @param skipMiddlewares     whether a recovered session skips the namespace's middlewares
 * @param ackTimeout          how long {@code emitWithAck} waits for the client's answer
 * @param maxQueuedBytes      what may wait for one socket before it is disconnected as slow
 * @param maxAttachments      binary attachments one packet may carry
 */
public record SocketIoOptions(
        EngineIoOptions engine,
        Duration connectTimeout,
        boolean channelEvents,
        boolean insecure,
        boolean recovery,
        Duration maxDisconnectionDuration,
        boolean skipMiddlewares,
        Duration ackTimeout,
        long maxQueuedBytes,
        int maxAttachments) {

    public static SocketIoOptions defaults() {
        return new SocketIoOptions(EngineIoOptions.defaults(), Duration.ofSeconds(45), false, false, false,
                Duration.ofMinutes(2), true, Duration.ofSeconds(10), 1L << 20, 10);
    }

    public SocketIoOptions withEngine(EngineIoOptions v) {
        return new SocketIoOptions(v, connectTimeout, channelEvents, insecure, recovery, maxDisconnectionDuration,
                skipMiddlewares, ackTimeout, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withConnectTimeout(Duration v) {
        return new SocketIoOptions(engine, v, channelEvents, insecure, recovery, maxDisconnectionDuration,
                skipMiddlewares, ackTimeout, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withChannelEvents(boolean v) {
        return new SocketIoOptions(engine, connectTimeout, v, insecure, recovery, maxDisconnectionDuration,
                skipMiddlewares, ackTimeout, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withInsecure(boolean v) {
        return new SocketIoOptions(engine, connectTimeout, channelEvents, v, recovery, maxDisconnectionDuration,
                skipMiddlewares, ackTimeout, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withRecovery(boolean on, Duration maxDisconnection, boolean skipMiddlewaresOnRecovery) {
        return new SocketIoOptions(engine, connectTimeout, channelEvents, insecure, on, maxDisconnection,
                skipMiddlewaresOnRecovery, ackTimeout, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withAckTimeout(Duration v) {
        return new SocketIoOptions(engine, connectTimeout, channelEvents, insecure, recovery, maxDisconnectionDuration,
                skipMiddlewares, v, maxQueuedBytes, maxAttachments);
    }

    public SocketIoOptions withMaxQueuedBytes(long v) {
        return new SocketIoOptions(engine, connectTimeout, channelEvents, insecure, recovery, maxDisconnectionDuration,
                skipMiddlewares, ackTimeout, v, maxAttachments);
    }
}
