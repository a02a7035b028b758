package io.switchboard.pusher.webhook;

import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.Webhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WebhooksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "hook-key";
    private static final String SECRET = "hook-secret";
    private static final WebhookOptions FAST = WebhookOptions.defaults()
            .withBatching(Duration.ofMillis(50), 100)
            .withRetries(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withCloseGrace(Duration.ofSeconds(2));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    private WebhookReceiver receiver(WebhookReceiver.Answer answer) throws IOException {
        return opened(new WebhookReceiver(KEY, SECRET, answer));
    }

    private Webhooks sender(WebhookOptions options) {
        return opened(new Webhooks(options));
    }

    private static PusherApp app(Webhook... hooks) {
        return PusherApp.of("app-1", KEY, SECRET).withWebhooks(List.of(hooks));
    }

    private static Webhook hook(String url) {
        return new Webhook(url, List.of(), null, null, Map.of());
    }

    private static WebhookEvent occupied(String channel) {
        return WebhookEvent.of("channel_occupied", channel);
    }

    private static List<String> channels(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("channel")).toList();
    }

    private static List<String> names(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void postsSignedBodiesOfPusherShape() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST.withBatching(Duration.ofMillis(300), 100));
        PusherApp app = app(hook(receiver.url("/hook")));

        long before = System.currentTimeMillis();
        webhooks.emit(app, occupied("presence-room"));
        webhooks.emit(app, new WebhookEvent("member_added", "presence-room", Map.of("user_id", "u1")));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("event", "client-typing");
        client.put("data", "{\"a\":1}");
        client.put("socket_id", "1.2");
        client.put("user_id", "u1");
        webhooks.emit(app, new WebhookEvent("client_event", "presence-room", client));

        WebhookReceiver.Body body = receiver.nextBody("/hook", WAIT);
        assertThat(body.timeMs()).isBetween(before, System.currentTimeMillis());
        assertThat(body.events()).containsExactly(
                Map.of("name", "channel_occupied", "channel", "presence-room"),
                Map.of("name", "member_added", "channel", "presence-room", "user_id", "u1"),
                Map.of("name", "client_event", "channel", "presence-room", "event", "client-typing",
                        "data", "{\"a\":1}", "socket_id", "1.2", "user_id", "u1"));
        assertThat(new ArrayList<>(body.events().get(2).keySet()))
                .containsExactly("name", "channel", "event", "data", "socket_id", "user_id");
        assertThat(receiver.requestCount()).isEqualTo(1);
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void theReceiverRefusesBodiesSignedWithAnotherSecret() throws Exception {
        // The signature check the other tests rely on: a sender with the wrong secret is caught.
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST);
        PusherApp other = PusherApp.of("app-1", KEY, "not-the-secret").withWebhooks(List.of(hook(receiver.url("/h"))));

        webhooks.emit(other, occupied("c"));

        receiver.nextBody("/h", WAIT);
        assertThat(receiver.problems()).singleElement().asString().contains("signature");
    }

    @Test
    void batchesEventsOfAWindowInOrderAndSplitsAtTheBatchSize() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST.withBatching(Duration.ofSeconds(1), 100)); // long enough for a slow loop
        PusherApp app = app(hook(receiver.url("/hook")));

        for (String c : names("a", 0, 5)) webhooks.emit(app, occupied(c));
        assertThat(channels(receiver.nextBody("/hook", WAIT).events())).isEqualTo(names("a", 0, 5));

        for (String c : names("b", 0, 250)) webhooks.emit(app, occupied(c));
        List<List<String>> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) bodies.add(channels(receiver.nextBody("/hook", WAIT).events()));
        assertThat(bodies).containsExactly(names("b", 0, 100), names("b", 100, 200), names("b", 200, 250));
        assertThat(receiver.requestCount()).isEqualTo(4);
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void eachWebhookGetsTheEventsItsFiltersWant() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST);
        PusherApp app = app(
                hook(receiver.url("/all")),
                new Webhook(receiver.url("/members"), List.of("member_added", "member_removed"), null, null, Map.of()),
                new Webhook(receiver.url("/rooms"), List.of(), "presence-", "-room", Map.of()));

        webhooks.emit(app, occupied("presence-chat-room"));
        webhooks.emit(app, new WebhookEvent("member_added", "presence-chat-room", Map.of("user_id", "u1")));
        webhooks.emit(app, new WebhookEvent("member_added", "presence-other", Map.of("user_id", "u2")));
        webhooks.emit(app, occupied("public-room"));
        webhooks.emit(app, new WebhookEvent("member_removed", "presence-end-room", Map.of("user_id", "u1")));

        assertThat(channels(receiver.eventsUntil("/all", "presence-end-room", WAIT))).containsExactly(
                "presence-chat-room", "presence-chat-room", "presence-other", "public-room", "presence-end-room");
        assertThat(receiver.eventsUntil("/members", "presence-end-room", WAIT))
                .extracting(e -> e.get("name") + " " + e.get("channel"))
                .containsExactly("member_added presence-chat-room", "member_added presence-other",
                        "member_removed presence-end-room");
        assertThat(receiver.eventsUntil("/rooms", "presence-end-room", WAIT))
                .extracting(e -> e.get("name") + " " + e.get("channel"))
                .containsExactly("channel_occupied presence-chat-room", "member_added presence-chat-room",
                        "member_removed presence-end-room");
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void sendsTheWebhooksOwnHeadersButNotOverOurs() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST);
        Map<String, String> headers = Map.of("X-Custom", "yes", "Authorization", "Bearer t",
                "content-type", "text/plain", "X-Pusher-Key", "forged", "Host", "elsewhere");
        PusherApp app = app(new Webhook(receiver.url("/h"), List.of(), null, null, headers));

        webhooks.emit(app, occupied("c"));

        receiver.nextBody("/h", WAIT);
        WebhookReceiver.Request request = receiver.allRequests().get(0);
        assertThat(request.header("X-Custom")).isEqualTo("yes");
        assertThat(request.header("Authorization")).isEqualTo("Bearer t");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Pusher-Key")).isEqualTo(KEY);
        assertThat(request.header("Host")).startsWith("127.0.0.1:");
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void aReceiverFailingAFewTimesGetsEveryEventOnceInOrder() throws Exception {
        CountDownLatch firstFailed = new CountDownLatch(1);
        WebhookReceiver receiver = receiver((n, r) -> {
            if (n == 1) firstFailed.countDown();
            return n <= 3 ? 500 : 200;
        });
        Webhooks webhooks = sender(FAST);
        PusherApp app = app(hook(receiver.url("/h")));

        for (String c : names("e", 0, 3)) webhooks.emit(app, occupied(c));
        assertThat(firstFailed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (String c : names("e", 3, 6)) webhooks.emit(app, occupied(c)); // queued behind the failing body
        webhooks.emit(app, occupied("end"));

        List<String> expected = new ArrayList<>(names("e", 0, 6));
        expected.add("end");
        assertThat(channels(receiver.eventsUntil("/h", "end", WAIT))).isEqualTo(expected);
        List<WebhookReceiver.Request> requests = receiver.allRequests();
        assertThat(requests.subList(0, 4)).extracting(WebhookReceiver.Request::text).containsOnly(requests.get(0).text());
        assertThat(webhooks.droppedEvents()).isZero();
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void aRequestWithoutAnswerTimesOutAndIsRetried() throws Exception {
        WebhookReceiver[] self = new WebhookReceiver[1];
        WebhookReceiver receiver = receiver((n, r) -> n == 1 ? self[0].held() : 200);
        self[0] = receiver;
        Webhooks webhooks = sender(FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
        PusherApp app = app(hook(receiver.url("/h")));

        webhooks.emit(app, occupied("e0"));
        assertThat(channels(receiver.nextBody("/h", WAIT).events())).containsExactly("e0");
        webhooks.emit(app, occupied("end"));

        assertThat(channels(receiver.eventsUntil("/h", "end", WAIT))).containsExactly("end");
        assertThat(receiver.requestCount()).isEqualTo(3);
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void aReceiverDownForTheRetryWindowLosesThoseEventsAndGetsTheNextOnes() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> r.text().contains("doomed") ? 503 : 200);
        Webhooks webhooks = sender(FAST.withRetries(Duration.ofMillis(25), Duration.ofMillis(100),
                Duration.ofMillis(400)));
        PusherApp app = app(hook(receiver.url("/h")));

        webhooks.emit(app, occupied("doomed"));
        receiver.awaitRequests(2, WAIT); // retried at least once
        webhooks.emit(app, occupied("next"));

        assertThat(channels(receiver.nextBody("/h", WAIT).events())).containsExactly("next");
        assertThat(webhooks.droppedEvents()).isEqualTo(1);
        webhooks.emit(app, occupied("after"));
        assertThat(channels(receiver.nextBody("/h", WAIT).events())).containsExactly("after");
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void aFullQueueDropsItsOldestEvents() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WebhookReceiver receiver = receiver((n, r) -> {
            if (n == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        });
        Webhooks webhooks = sender(FAST.withMaxQueuedEvents(5));
        PusherApp app = app(hook(receiver.url("/h")));

        webhooks.emit(app, occupied("e0"));
        receiver.awaitRequests(1, WAIT); // e0 is out, held by the receiver
        for (String c : names("e", 1, 11)) webhooks.emit(app, occupied(c));
        assertThat(webhooks.droppedEvents()).isEqualTo(5);
        release.countDown();

        List<String> expected = new ArrayList<>(List.of("e0"));
        expected.addAll(names("e", 6, 11));
        assertThat(channels(receiver.eventsUntil("/h", "e10", WAIT))).isEqualTo(expected);
    }

    @Test
    void aStuckTargetHoldsBackNoOtherTargetOrApp() throws Exception {
        WebhookReceiver[] self = new WebhookReceiver[1];
        WebhookReceiver receiver = receiver((n, r) -> r.path().equals("/stuck") ? self[0].held() : 200);
        self[0] = receiver;
        Webhooks webhooks = sender(FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60))
                .withCloseGrace(Duration.ofMillis(100)));
        PusherApp first = app(hook(receiver.url("/stuck")), hook(receiver.url("/ok")));
        PusherApp second = PusherApp.of("app-2", KEY, SECRET).withWebhooks(List.of(hook(receiver.url("/other"))));

        webhooks.emit(first, occupied("a0"));
        webhooks.emit(second, occupied("b0"));
        assertThat(channels(receiver.nextBody("/ok", WAIT).events())).containsExactly("a0");
        assertThat(channels(receiver.nextBody("/other", WAIT).events())).containsExactly("b0");
        webhooks.emit(first, occupied("a1"));
        assertThat(channels(receiver.nextBody("/ok", WAIT).events())).containsExactly("a1");

        assertThat(receiver.allRequests()).filteredOn(r -> r.path().equals("/stuck")).hasSize(1);
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void anEventJsonCannotHoldIsLeftOutOfItsBody() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = sender(FAST.withBatching(Duration.ofMillis(200), 100));
        PusherApp app = app(hook(receiver.url("/h")));

        webhooks.emit(app, new WebhookEvent("client_event", "bad", Map.of("data", new Object())));
        webhooks.emit(app, occupied("good"));

        assertThat(channels(receiver.nextBody("/h", WAIT).events())).containsExactly("good");
        assertThat(webhooks.droppedEvents()).isEqualTo(1);
    }

    @Test
    void closeSendsWhatIsQueuedAndLaterEmitsAreIgnored() throws Exception {
        WebhookReceiver receiver = receiver((n, r) -> 200);
        Webhooks webhooks = new Webhooks(FAST.withBatching(Duration.ofSeconds(30), 100));
        PusherApp app = app(hook(receiver.url("/h")));

        webhooks.emit(app, occupied("e0"));
        webhooks.emit(app, occupied("e1"));
        webhooks.close();

        assertThat(channels(receiver.nextBody("/h", Duration.ofMillis(1)).events())).containsExactly("e0", "e1");
        assertThatCode(() -> webhooks.emit(app, occupied("late"))).doesNotThrowAnyException();
        assertThatCode(webhooks::close).doesNotThrowAnyException();
    }

    @Test
    void emitIgnoresAppsWithoutWebhooksAndNulls() {
        Webhooks webhooks = sender(FAST);
        assertThatCode(() -> {
            webhooks.emit(PusherApp.of("a", "k", "s"), occupied("c"));
            webhooks.emit(null, occupied("c"));
            webhooks.emit(app(hook("not a url")), null);
            webhooks.emit(app(hook("ftp://example.com/x")), occupied("c"));
        }).doesNotThrowAnyException();
    }

    @Test
    void retryDelaysDoubleFromTheBaseUpToTheCap() {
        WebhookOptions options = WebhookOptions.defaults();
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(options::retryDelayNanos)
                .map(n -> Duration.ofNanos(n).toSeconds()).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(options.retryDelayNanos(1000)).isEqualTo(Duration.ofSeconds(60).toNanos());
    }
}
