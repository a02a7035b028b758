package io.switchboard.pusher.webhook;

import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.Signatures;
import io.switchboard.pusher.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One webhook target of one app: its queue and the one batch it has out (sending or waiting to retry). Only one
 * batch is out at a time, so a target's bodies arrive in order and a failing receiver holds back only its own
 * events. State changes under this object's lock, held for queue operations only: never while sending or logging.
 */
final class WebhookTarget {
    private static final Logger log = LoggerFactory.getLogger(WebhookTarget.class);
    /** Set by the sender; a receiver may not choose them. */
    private static final List<String> OWN_HEADERS = List.of("content-type", "x-pusher-key", "x-pusher-signature");

    private record Queued(WebhookEvent event, long emittedNanos) {
    }

    /** A body on its way: the same bytes (and signature) on every attempt, so a retry is a duplicate, not a new body. */
    private static final class Batch {
        final int events;
        final long deadlineNanos;
        HttpRequest request;
        int attempts;

        Batch(int events, long deadlineNanos) {
            this.events = events;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final Webhook webhook;
    private final URI uri; // null: the url cannot be posted to
    private final Map<String, String> headers; // the webhook's own headers HttpRequest accepts
    private final List<String> refusedHeaders;
    private final WebhookOptions options;
    private final ScheduledExecutorService timers;
    private final HttpClient client;
    private final LongAdder dropped;
    private volatile PusherApp app;
    private boolean warnedSetup; // only touched when flushing, which one thread does at a time

    // Guarded by this.
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long droppedUnlogged;
    private Batch current;
    private boolean flushPlanned;
    private ScheduledFuture<?> timer; // the planned flush (no current batch) or the current batch's retry
    private boolean closing;

    WebhookTarget(PusherApp app, Webhook webhook, WebhookOptions options, ScheduledExecutorService timers,
                  HttpClient client, LongAdder dropped) {
        this.app = app;
        this.webhook = webhook;
        this.options = options;
        this.timers = timers;
        this.client = client;
        this.dropped = dropped;
        this.uri = postable(webhook.url());
        Map<String, String> accepted = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>(0);
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        webhook.headers().forEach((name, value) -> {
            try {
                if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) throw new IllegalArgumentException("own");
                probe.header(name, value);
                accepted.put(name, value);
            } catch (IllegalArgumentException e) {
                refused.add(name);
            }
        });
        this.headers = accepted;
        this.refusedHeaders = refused;
    }

    private static URI postable(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Queues an event (called on event loops): a few queue operations and at most one timer, nothing else. */
    void offer(PusherApp from, WebhookEvent event, long nowNanos) {
        app = from; // the newest credentials sign the next body
        synchronized (this) {
            if (closing) return;
            if (queue.size() >= options.maxQueuedEvents()) {
                queue.pollFirst();
                droppedUnlogged++;
                dropped.increment();
            }
            queue.addLast(new Queued(event, nowNanos));
            if (current != null) return; // the batch out takes the queue along when it is done
            boolean full = queue.size() >= options.maxBatchEvents();
            if (!flushPlanned) {
                flushPlanned = true;
                timer = schedule(this::flush, full ? 0 : options.batchWindow().toNanos());
            } else if (full && timer != null && timer.cancel(false)) {
                timer = schedule(this::flush, 0); // a full batch need not wait for its window
            }
        }
    }

    /** Takes the next batch off the queue and sends it (timer thread). */
    private void flush() {
        List<WebhookEvent> events;
        Batch batch;
        long droppedNow;
        synchronized (this) {
            flushPlanned = false;
            timer = null;
            droppedNow = droppedUnlogged;
            droppedUnlogged = 0;
            if (current != null || queue.isEmpty()) {
                logDrops(droppedNow);
                if (current == null) notifyAll();
                return;
            }
            int n = Math.min(queue.size(), options.maxBatchEvents());
            events = new ArrayList<>(n);
            long oldest = queue.peekFirst().emittedNanos();
            for (int i = 0; i < n; i++) events.add(queue.pollFirst().event());
            batch = new Batch(n, oldest + options.retryWindow().toNanos());
            current = batch;
        }
        logDrops(droppedNow);
        warnSetupOnce();
        if (uri == null) {
            give(batch, "its url cannot be posted to: " + webhook.url());
            return;
        }
        try {
            PusherApp signer = app;
            WebhookBody body = WebhookBody.of(System.currentTimeMillis(), events);
            if (!body.refused().isEmpty()) {
                log.warn("webhook {}: left out {} events JSON cannot hold: {}", webhook.url(), body.refused().size(),
                        body.refused());
                dropped.add(body.refused().size());
            }
            if (body.events() == 0) {
                done(batch);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(options.requestTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.utf8()));
            headers.forEach(request::header);
            request.setHeader("Content-Type", "application/json")
                    .setHeader("X-Pusher-Key", signer.key())
                    .setHeader("X-Pusher-Signature", Signatures.hmacHex(signer.secret(), body.utf8()));
            batch.request = request.build();
        } catch (RuntimeException e) {
            give(batch, "its request could not be built: " + e);
            return;
        }
        send(batch);
    }

    private void send(Batch batch) {
        synchronized (this) {
            timer = null;
        }
        batch.attempts++;
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = client.sendAsync(batch.request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((answer, error) -> {
            try {
                answered(batch, answer == null ? -1 : answer.statusCode(), error);
            } catch (RuntimeException e) {
                log.error("webhook {}: unexpected failure after an attempt", webhook.url(), e);
                done(batch);
            }
        });
    }

    private void answered(Batch batch, int status, Throwable error) {
        if (error == null && status >= 200 && status < 300) {
            done(batch);
            return;
        }
        String why = error != null ? describe(error) : "status " + status;
        long delay = options.retryDelayNanos(batch.attempts);
        long droppedNow;
        boolean retrying = false;
        synchronized (this) {
            droppedNow = droppedUnlogged;
            droppedUnlogged = 0;
            if (!closing && System.nanoTime() + delay - batch.deadlineNanos <= 0) {
                timer = schedule(() -> send(batch), delay);
                retrying = true;
            }
        }
        logDrops(droppedNow);
        if (retrying) {
            log.debug("webhook {}: attempt {} failed ({}), retrying in {} ms", webhook.url(), batch.attempts, why,
                    TimeUnit.NANOSECONDS.toMillis(delay));
        } else {
            give(batch, "attempt " + batch.attempts + " failed (" + why + ")" + (closing() ? " while closing" : ""));
        }
    }

    private void give(Batch batch, String why) {
        log.warn("webhook {}: dropped a body of {} events: {}", webhook.url(), batch.events, why);
        dropped.add(batch.events);
        done(batch);
    }

    /**
     * The batch is delivered or given up: the next one goes when its oldest event's window ends (at once when that
     * has passed, the batch is full or the sender is closing), so events that came in meanwhile still share a body.
     */
    private void done(Batch batch) {
        synchronized (this) {
            if (current != batch) return;
            current = null;
            if (queue.isEmpty()) {
                notifyAll();
            } else if (!flushPlanned) {
                long waited = System.nanoTime() - queue.peekFirst().emittedNanos();
                long delay = closing || queue.size() >= options.maxBatchEvents()
                        ? 0 : Math.max(0, options.batchWindow().toNanos() - waited);
                flushPlanned = true;
                timer = schedule(this::flush, delay);
            }
        }
    }

    /** Stops waiting: the batch out is tried once more and the queue is sent at once, without retries. */
    void beginClose() {
        Runnable now = null;
        synchronized (this) {
            if (closing) return;
            closing = true;
            if (timer != null && timer.cancel(false)) {
                timer = null;
                Batch batch = current;
                now = batch != null ? () -> send(batch) : this::flush;
            }
        }
        if (now != null) timers.execute(guarded(now));
    }

    /** Waits until nothing is queued or out, or until the deadline; whether it got there. */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (current != null || !queue.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** What is left after closing, for the last log line. */
    synchronized int unsent() {
        return queue.size() + (current == null ? 0 : current.events);
    }

    String url() {
        return webhook.url();
    }

    private synchronized boolean closing() {
        return closing;
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timers.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    // A timer task that threw would leave its batch out forever; this keeps the target going.
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("webhook {}: unexpected failure", webhook.url(), e);
                Batch stuck;
                synchronized (this) {
                    stuck = current;
                }
                if (stuck != null) done(stuck);
            }
        };
    }

    private void logDrops(long n) {
        if (n > 0) {
            log.warn("webhook {}: queue full ({} events), dropped the {} oldest", webhook.url(),
                    options.maxQueuedEvents(), n);
        }
    }

    private void warnSetupOnce() {
        if (warnedSetup) return;
        warnedSetup = true;
        if (!refusedHeaders.isEmpty()) {
            log.warn("webhook {}: headers not sent (reserved or invalid): {}", webhook.url(), refusedHeaders);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
