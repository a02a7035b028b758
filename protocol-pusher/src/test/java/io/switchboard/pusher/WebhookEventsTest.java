package io.switchboard.pusher;

import io.switchboard.json.JsonStrings;
import io.switchboard.pusher.webhook.WebhookEvent;
import io.switchboard.pusher.webhook.WebhookSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the protocol hands its webhook sink, event by event, as clients come and go. */
class WebhookEventsTest {
    private static final PusherApp APP = new PusherApp("app-id", "app-key", "app-secret", true, true, -1, 100, 10, 200, 10,
            10, true, List.of(new Webhook("http://127.0.0.1:9/", List.of(), "", "", Map.of())), "");
    private final BlockingQueue<WebhookEvent> events = new LinkedBlockingQueue<>();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private WebhookEvent next(String name) throws InterruptedException {
        while (true) {
            WebhookEvent e = events.poll(5, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError("no " + name + " webhook within 5 s");
            if (e.name().equals(name)) return e;
        }
    }

    private static String socketId(RawClient c) throws Exception {
        String data = (String) RawClient.member(c.nextEvent("pusher:connection_established"), "data");
        return data.substring(data.indexOf(":\"") + 2, data.indexOf("\","));
    }

    @Test
    void eachEventTypeReachesTheSink() throws Exception {
        server = new TestServer(PusherSettings.of(List.of(APP)), new WebhookSink() {
            @Override
            public void emit(PusherApp app, WebhookEvent event) {
                events.add(event);
            }

            @Override
            public void close() {
            }
        });
        try (RawClient a = RawClient.connect(server.port(), "/app/app-key?protocol=7");
             RawClient b = RawClient.connect(server.port(), "/app/app-key?protocol=7")) {
            String ida = socketId(a), idb = socketId(b);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-x\"}}");
            assertEquals("cache-x", next("channel_occupied").channel());
            assertEquals("cache-x", next("cache_miss").channel());
            assertEquals(1, next("subscription_count").fields().get("subscription_count"));
            a.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"cache-x\"}}");
            assertEquals("cache-x", next("channel_vacated").channel());

            String cd = "{\"user_id\":\"alice\"}";
            a.send(presence(ida, cd));
            assertEquals("alice", next("member_added").fields().get("user_id"));
            a.nextEvent("pusher_internal:subscription_succeeded");
            String cd2 = "{\"user_id\":\"bob\"}";
            b.send(presence(idb, cd2));
            b.nextEvent("pusher_internal:subscription_succeeded");
            assertEquals("bob", next("member_added").fields().get("user_id"));
            b.send("{\"event\":\"client-hi\",\"channel\":\"presence-r\",\"data\":{\"x\":1}}");
            WebhookEvent ce = next("client_event");
            assertEquals(Map.of("event", "client-hi", "data", "{\"x\":1}", "socket_id", idb, "user_id", "bob"), ce.fields());
            b.close();
            assertEquals("bob", next("member_removed").fields().get("user_id"));
        }
    }

    private static String presence(String socketId, String channelData) {
        StringBuilder quoted = new StringBuilder();
        JsonStrings.quote(channelData, quoted);
        String sig = APP.key() + ":" + Signatures.hmacHex(APP.secret(), Signatures.channelString(socketId, "presence-r", channelData));
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-r\",\"auth\":\"" + sig
                + "\",\"channel_data\":" + quoted + "}}";
    }
}
