package io.switchboard.pusher.webhook;

import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pusher's webhook sender: each app's webhooks ({@link Webhook#wants}) get the events they want, batched per target
 * into Pusher's signed body and POSTed with a non-blocking client on threads of its own. A body that fails (non-2xx,
 * no connection, timeout) is retried with exponential back-off for {@link WebhookOptions#retryWindow()}, then
 * dropped with a warning; a target's later bodies wait behind it, and other targets never do.
 */
public final class Webhooks implements WebhookSink {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private record TargetKey(String appId, Webhook webhook) {
    }

    private final WebhookOptions options;
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService http;
    private final HttpClient client;
    private final Map<TargetKey, WebhookTarget> targets = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    public Webhooks() {
        this(WebhookOptions.defaults());
    }

    public Webhooks(WebhookOptions options) {
        this.options = options;
        this.timers = new ScheduledThreadPoolExecutor(1, daemons("switchboard-webhook-timer"));
        this.timers.setRemoveOnCancelPolicy(true); // cancelled batch windows do not pile up in the queue
        this.http = Executors.newFixedThreadPool(options.httpThreads(), daemons("switchboard-webhook-http"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(http)
                .build();
    }

    @Override
    public void emit(PusherApp app, WebhookEvent event) {
        if (closed || app == null || event == null) return;
        try {
            long now = System.nanoTime();
            for (Webhook hook : app.webhooks()) {
                if (!hook.wants(event.name(), event.channel())) continue;
                targets.computeIfAbsent(new TargetKey(app.id(), hook),
                                key -> new WebhookTarget(app, hook, options, timers, client, dropped))
                        .offer(app, event, now);
            }
        } catch (RuntimeException e) {
            // Only a closing race gets here (the timer refuses work); the event loop must not see it.
            if (!closed) dropped.increment();
        }
    }

    /** Events given up so far: queue overflow, bodies out of retries, events JSON cannot hold. */
    public long droppedEvents() {
        return dropped.sum();
    }

    /** Sends what is queued (one attempt each, for at most the close grace), then stops the timer and HTTP threads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        targets.values().forEach(WebhookTarget::beginClose);
        long deadline = System.nanoTime() + options.closeGrace().toNanos();
        try {
            for (WebhookTarget target : targets.values()) {
                if (!target.awaitIdle(deadline) && target.unsent() > 0) {
                    log.warn("webhook {}: closing with {} events unsent", target.url(), target.unsent());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
            http.shutdownNow();
            try {
                timers.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + '-' + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
