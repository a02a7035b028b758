package io.switchboard.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ClientInfo;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.HistoryOptions;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Maven centrifuge-java client (it speaks Protobuf only) against the server jar: connect with a token,
 * subscribe, publications from the API, presence, history and recovery after a reconnect.
 */
class CentrifugeJavaIT {
    private static final String SECRET = "java-interop-secret";
    private static final String KEY = "java-interop-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerProcess server;
    private final List<Client> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start("""
                {
                  "client": {"token": {"hmac_secret_key": "%s"}, "allowed_origins": ["*"]},
                  "channel": {"without_namespace": {
                    "presence": true, "join_leave": true, "force_push_join_leave": true,
                    "history_size": 100, "history_ttl": "300s", "force_recovery": true,
                    "allow_subscribe_for_client": true, "allow_publish_for_subscriber": true,
                    "allow_presence_for_subscriber": true, "allow_history_for_subscriber": true}},
                  "http_api": {"key": "%s"}
                }""".formatted(SECRET, KEY));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        for (Client c : clients) c.close(5000);
    }

    /** An HS256 connection token, signed here so the test depends on nothing of the server's. */
    private static String token(String user) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String payload = b64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        return header + "." + payload + "." + signature;
    }

    private Client client(String user, CompletableFuture<ConnectedEvent> connected) throws Exception {
        Options options = new Options();
        options.setToken(token(user));
        options.setMinReconnectDelay(100);
        options.setMaxReconnectDelay(500);
        Client c = new Client("ws://127.0.0.1:" + server.port + "/connection/websocket?format=protobuf", options,
                new EventListener() {
                    @Override
                    public void onConnected(Client client, ConnectedEvent event) {
                        connected.complete(event);
                    }

                    @Override
                    public void onDisconnected(Client client, DisconnectedEvent event) {
                        connected.completeExceptionally(new IllegalStateException(
                                "disconnected " + event.getCode() + " " + event.getReason() + "\n" + server.log()));
                    }
                });
        clients.add(c);
        return c;
    }

    /** Collects a subscription's events. */
    private static final class Recorder extends SubscriptionEventListener {
        final BlockingQueue<PublicationEvent> publications = new LinkedBlockingQueue<>();
        final BlockingQueue<SubscribedEvent> subscribed = new LinkedBlockingQueue<>();

        @Override
        public void onPublication(Subscription sub, PublicationEvent event) {
            publications.add(event);
        }

        @Override
        public void onSubscribed(Subscription sub, SubscribedEvent event) {
            subscribed.add(event);
        }

        PublicationEvent nextPublication() throws InterruptedException {
            PublicationEvent e = publications.poll(10, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError("no publication within 10 s\n" + server.log());
            return e;
        }

        SubscribedEvent nextSubscribed() throws InterruptedException {
            SubscribedEvent e = subscribed.poll(10, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError("not subscribed within 10 s\n" + server.log());
            return e;
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private void publish(String channel, String json) throws Exception {
        String reply = server.api("publish", "{\"channel\":\"" + channel + "\",\"data\":" + json + "}", KEY);
        assertThat(reply).startsWith("{\"result\":");
    }

    @Test
    void connectsWithATokenAndReceivesPublicationsFromTheApi() throws Exception {
        CompletableFuture<ConnectedEvent> connected = new CompletableFuture<>();
        Client c = client("alice", connected);
        Recorder rec = new Recorder();
        Subscription sub = c.newSubscription("java-news", rec);
        sub.subscribe();
        c.connect();
        assertThat(await(connected).getClient()).isNotEmpty();
        rec.nextSubscribed();
        publish("java-news", "{\"text\":\"hello\"}");
        PublicationEvent e = rec.nextPublication();
        assertThat(JSON.readTree(e.getData())).isEqualTo(JSON.readTree("{\"text\":\"hello\"}"));
        assertThat(e.getOffset()).isEqualTo(1);
    }

    @Test
    void reportsPresenceAndHistory() throws Exception {
        CompletableFuture<ConnectedEvent> connected = new CompletableFuture<>();
        Client c = client("bob", connected);
        Recorder rec = new Recorder();
        Subscription sub = c.newSubscription("java-room", rec);
        sub.subscribe();
        c.connect();
        String clientId = await(connected).getClient();
        rec.nextSubscribed();

        CompletableFuture<Map<String, ClientInfo>> presence = new CompletableFuture<>();
        sub.presence((err, result) -> {
            if (err != null) presence.completeExceptionally(err);
            else presence.complete(result.getClients());
        });
        assertThat(await(presence)).containsKey(clientId);
        assertThat(await(presence).get(clientId).getUser()).isEqualTo("bob");

        for (int i = 1; i <= 3; i++) publish("java-room", "{\"n\":" + i + "}");
        for (int i = 1; i <= 3; i++) rec.nextPublication();
        CompletableFuture<List<Long>> offsets = new CompletableFuture<>();
        sub.history(new HistoryOptions.Builder().withLimit(10).build(), (err, result) -> {
            if (err != null) offsets.completeExceptionally(err);
            else offsets.complete(result.getPublications().stream().map(p -> p.getOffset()).toList());
        });
        assertThat(await(offsets)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void recoversWhatWasPublishedWhileDisconnected() throws Exception {
        CompletableFuture<ConnectedEvent> connected = new CompletableFuture<>();
        Client c = client("carol", connected);
        Recorder rec = new Recorder();
        Subscription sub = c.newSubscription("java-rec", rec);
        sub.subscribe();
        c.connect();
        await(connected);
        rec.nextSubscribed();
        publish("java-rec", "{\"n\":1}");
        rec.nextPublication();

        c.disconnect();
        for (int i = 2; i <= 5; i++) publish("java-rec", "{\"n\":" + i + "}");
        c.connect();
        SubscribedEvent again = rec.nextSubscribed();
        assertThat(again.wasRecovering()).isTrue();
        assertThat(again.getRecovered()).isTrue();
        publish("java-rec", "{\"n\":6}");
        List<Integer> seen = new CopyOnWriteArrayList<>();
        for (int i = 2; i <= 6; i++) seen.add(JSON.readTree(rec.nextPublication().getData()).path("n").asInt());
        assertThat(seen).containsExactly(2, 3, 4, 5, 6);
        assertThat(rec.publications.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
