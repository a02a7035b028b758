package io.switchboard.pusher.webhook;

import java.time.Duration;

/**
 * How {@link Webhooks} batches and retries. Events of one target emitted within {@code batchWindow} leave in one
 * body of at most {@code maxBatchEvents}; a target holds at most {@code maxQueuedEvents} waiting events (the oldest
 * go first). A failed body is retried after {@code baseRetryDelay}, doubling up to {@code maxRetryDelay}, while the
 * retry falls within {@code retryWindow} of its oldest event's emission; after that it is dropped. {@code closeGrace}
 * bounds how long {@link Webhooks#close()} spends sending what is still queued.
 */
public record WebhookOptions(Duration batchWindow, int maxBatchEvents, int maxQueuedEvents, Duration baseRetryDelay,
                             Duration maxRetryDelay, Duration retryWindow, Duration connectTimeout,
                             Duration requestTimeout, Duration closeGrace, int httpThreads) {
    public WebhookOptions {
        requireNonNegative("batchWindow", batchWindow);
        requirePositive("baseRetryDelay", baseRetryDelay);
        requirePositive("maxRetryDelay", maxRetryDelay);
        requireNonNegative("retryWindow", retryWindow);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requireNonNegative("closeGrace", closeGrace);
        if (maxBatchEvents < 1) throw new IllegalArgumentException("maxBatchEvents must be at least 1");
        if (maxQueuedEvents < 1) throw new IllegalArgumentException("maxQueuedEvents must be at least 1");
        if (httpThreads < 1) throw new IllegalArgumentException("httpThreads must be at least 1");
    }

    /** 100 ms batches of up to 100 events, 10,000 queued a target, retries from 1 s doubling to 60 s for 5 minutes. */
    public static WebhookOptions defaults() {
        return new WebhookOptions(Duration.ofMillis(100), 100, 10_000, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 2);
    }

    public WebhookOptions withBatching(Duration window, int maxEvents) {
        return new WebhookOptions(window, maxEvents, maxQueuedEvents, baseRetryDelay, maxRetryDelay, retryWindow,
                connectTimeout, requestTimeout, closeGrace, httpThreads);
    }

    public WebhookOptions withRetries(Duration baseDelay, Duration maxDelay, Duration window) {
        return new WebhookOptions(batchWindow, maxBatchEvents, maxQueuedEvents, baseDelay, maxDelay, window,
                connectTimeout, requestTimeout, closeGrace, httpThreads);
    }

    public WebhookOptions withTimeouts(Duration connect, Duration request) {
        return new WebhookOptions(batchWindow, maxBatchEvents, maxQueuedEvents, baseRetryDelay, maxRetryDelay,
                retryWindow, connect, request, closeGrace, httpThreads);
    }

    public WebhookOptions withMaxQueuedEvents(int max) {
        return new WebhookOptions(batchWindow, maxBatchEvents, max, baseRetryDelay, maxRetryDelay, retryWindow,
                connectTimeout, requestTimeout, closeGrace, httpThreads);
    }

    public WebhookOptions withCloseGrace(Duration grace) {
        return new WebhookOptions(batchWindow, maxBatchEvents, maxQueuedEvents, baseRetryDelay, maxRetryDelay,
                retryWindow, connectTimeout, requestTimeout, grace, httpThreads);
    }

    /** The wait before retry number {@code retry} (1: the first retry): the base delay doubled, capped. */
    long retryDelayNanos(int retry) {
        long base = baseRetryDelay.toNanos();
        long cap = maxRetryDelay.toNanos();
        int doublings = Math.min(Math.max(retry - 1, 0), 62);
        long delay = base > (cap >> doublings) ? cap : base << doublings;
        return Math.min(delay, cap);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must not be negative");
    }
}
