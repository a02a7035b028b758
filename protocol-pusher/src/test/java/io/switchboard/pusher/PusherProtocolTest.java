package io.switchboard.pusher;

import io.switchboard.core.PublishOptions;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pusher WebSocket protocol at the wire, with a hand-driven client. */
class PusherProtocolTest {
    private static final PusherApp APP =
            new PusherApp("app-id", "app-key", "app-secret", true, true, -1, 100, 10, 200, 10, 10, false, List.of(), "");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private RawClient pusher() throws Exception {
        return RawClient.connect(server.port(), "/app/app-key?protocol=7&client=js&version=8.4.0&flash=false");
    }

    private static String socketId(RawClient c) throws Exception {
        String established = c.nextEvent("pusher:connection_established");
        JsonObject data = (JsonObject) JsonTree.parse((String) RawClient.member(established, "data"));
        return (String) data.members().get(0).getValue();
    }

    private static String auth(String socketId, String channel, String channelData) {
        return APP.key() + ":" + Signatures.hmacHex(APP.secret(), Signatures.channelString(socketId, channel, channelData));
    }

    @Test
    void connectionEstablishedCarriesSocketIdAndActivityTimeout() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = pusher()) {
            String frame = c.next();
            assertTrue(frame.matches("\\{\"event\":\"pusher:connection_established\",\"data\":\"\\{\\\\\"socket_id\\\\\":\\\\\"\\d+\\.\\d+\\\\\",\\\\\"activity_timeout\\\\\":30}\"}"), frame);
            c.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:pong\",\"data\":{}}", c.next());
        }
    }

    @Test
    void publicChannelGetsCorePublicationsWithTheirEventName() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = pusher()) {
            socketId(c);
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\"}", c.next());
            server.node.publish("news", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                    new PublishOptions(null, Map.of("event", "update"), false, false)).join();
            assertEquals("{\"event\":\"update\",\"channel\":\"news\",\"data\":\"{\\\"a\\\":1}\"}", c.next());
            server.node.publish("news", "\"plain\"".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
            assertEquals("{\"event\":\"message\",\"channel\":\"news\",\"data\":\"plain\"}", c.next());
        }
    }

    @Test
    void subscribeDataMayBeAJsonString() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = pusher()) {
            socketId(c);
            c.send("{\"event\":\"pusher:subscribe\",\"data\":\"{\\\"channel\\\":\\\"x\\\"}\"}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"x\"}", c.next());
        }
    }

    @Test
    void privateChannelNeedsTheRightSignature() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = pusher()) {
            String id = socketId(c);
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-a\",\"auth\":\"app-key:00ff\"}}");
            String err = c.next();
            assertEquals("pusher:subscription_error", RawClient.member(err, "event"), err);
            assertTrue(err.contains("\"status\":401"), err);
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-a\",\"auth\":\"" + auth(id, "private-a", null) + "\"}}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-a\"}", c.next());
        }
    }

    @Test
    void presenceMembersSeeEachOtherComeAndGoOncePerUser() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher(); RawClient b = pusher(); RawClient b2 = pusher()) {
            String ida = socketId(a), idb = socketId(b), idb2 = socketId(b2);
            String da = "{\"user_id\":\"alice\",\"user_info\":{\"n\":1}}";
            String db = "{\"user_id\":\"bob\"}";
            a.send(presence(ida, da));
            String ok = a.nextEvent("pusher_internal:subscription_succeeded");
            assertTrue(ok.contains("\\\"count\\\":1"), ok);
            b.send(presence(idb, db));
            String okb = b.nextEvent("pusher_internal:subscription_succeeded");
            assertTrue(okb.contains("\\\"ids\\\":[\\\"alice\\\",\\\"bob\\\"]") || okb.contains("\\\"ids\\\":[\\\"bob\\\",\\\"alice\\\"]"), okb);
            assertEquals("{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-room\",\"data\":\"{\\\"user_id\\\":\\\"bob\\\",\\\"user_info\\\":null}\"}",
                    a.next());
            b2.send(presence(idb2, db)); // bob again, on a second connection: no second member_added
            b2.nextEvent("pusher_internal:subscription_succeeded");
            b2.close();
            b.close();
            assertEquals("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-room\",\"data\":\"{\\\"user_id\\\":\\\"bob\\\"}\"}",
                    a.next());
        }
    }

    private static String presence(String socketId, String channelData) {
        StringBuilder quoted = new StringBuilder();
        io.switchboard.json.JsonStrings.quote(channelData, quoted);
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-room\",\"auth\":\""
                + auth(socketId, "presence-room", channelData) + "\",\"channel_data\":" + quoted + "}}";
    }

    @Test
    void clientEventsReachOthersButNotTheSender() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher(); RawClient b = pusher()) {
            String ida = socketId(a), idb = socketId(b);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-chat\",\"auth\":\"" + auth(ida, "private-chat", null) + "\"}}");
            b.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-chat\",\"auth\":\"" + auth(idb, "private-chat", null) + "\"}}");
            a.nextEvent("pusher_internal:subscription_succeeded");
            b.nextEvent("pusher_internal:subscription_succeeded");
            a.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"x\":1}}");
            assertEquals("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":\"{\\\"x\\\":1}\"}", b.next());
            a.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:pong\",\"data\":{}}", a.next(), "the sender got its own client event");
        }
    }

    @Test
    void clientEventsOnPublicChannelsAreRefusedWith4301() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher()) {
            socketId(a);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"pub\"}}");
            a.nextEvent("pusher_internal:subscription_succeeded");
            a.send("{\"event\":\"client-x\",\"channel\":\"pub\",\"data\":{}}");
            String err = a.next();
            assertTrue(err.startsWith("{\"event\":\"pusher:error\",\"data\":{\"code\":4301"), err);
        }
    }

    @Test
    void unknownAppIsRefusedWith4001() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = RawClient.connect(server.port(), "/app/nope?protocol=7")) {
            assertTrue(c.next().contains("\"code\":4001"));
            assertEquals(4001, c.closeCode());
        }
    }

    @Test
    void unsupportedProtocolIsRefusedWith4007() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = RawClient.connect(server.port(), "/app/app-key?protocol=3")) {
            assertTrue(c.next().contains("\"code\":4007"));
            assertEquals(4007, c.closeCode());
        }
    }

    @Test
    void disabledAppIsRefusedWith4003() throws Exception {
        PusherApp off = new PusherApp("off", "off-key", "s", false, false, -1, 100, 10, 200, 10, 10, false, List.of(), "");
        server = TestServer.of(off);
        try (RawClient c = RawClient.connect(server.port(), "/app/off-key?protocol=7")) {
            assertTrue(c.next().contains("\"code\":4003"));
            assertEquals(4003, c.closeCode());
        }
    }

    @Test
    void aFrameThatIsNotJsonGetsAnErrorAndTheConnectionKeepsItsSubscriptions() throws Exception {
        server = TestServer.of(APP);
        try (RawClient c = pusher()) {
            socketId(c);
            c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}");
            c.nextEvent("pusher_internal:subscription_succeeded");
            c.send("not json");
            String err = c.next();
            assertEquals("pusher:error", RawClient.member(err, "event"), err);
            server.node.publish("news", "1".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
            assertEquals("{\"event\":\"message\",\"channel\":\"news\",\"data\":\"1\"}", c.next());
            assertFalse(c.closeCode.isDone());
        }
    }

    @Test
    void subscriptionCountsReachSubscribersWhenTheAppAsks() throws Exception {
        server = TestServer.of(PusherApp.development());
        try (RawClient a = pusher(); RawClient b = pusher()) {
            socketId(a);
            socketId(b);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"counted\"}}");
            a.nextEvent("pusher_internal:subscription_succeeded");
            assertEquals("{\"event\":\"pusher_internal:subscription_count\",\"channel\":\"counted\",\"data\":\"{\\\"subscription_count\\\":1}\"}", a.next());
            b.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"counted\"}}");
            assertTrue(a.next().contains("subscription_count\\\":2"));
            b.close();
            assertTrue(a.next().contains("subscription_count\\\":1"));
        }
    }

    @Test
    void broadcasttClientsGetTheirPrefixAndStringData() throws Exception {
        server = TestServer.of(APP);
        for (String path : List.of("/apps/app-key", "/app/app-key")) {
            try (RawClient c = RawClient.connect(server.port(), path)) {
                String established = c.next();
                assertTrue(established.startsWith("{\"event\":\"broadcastt:connection_established\",\"data\":\"{"), established);
                c.send("{\"event\":\"broadcastt:ping\",\"data\":{}}");
                assertEquals("{\"event\":\"broadcastt:pong\",\"data\":\"{}\"}", c.next());
                c.send("{\"event\":\"broadcastt:subscribe\",\"data\":{\"channel\":\"b\"}}");
                assertEquals("{\"event\":\"broadcastt_internal:subscription_succeeded\",\"channel\":\"b\",\"data\":\"{}\"}", c.next());
                server.node.publish("b", "\"hello\"".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
                assertEquals("{\"event\":\"message\",\"channel\":\"b\",\"data\":\"\\\"hello\\\"\"}", c.next());
            }
        }
    }

    @Test
    void anAppAtItsConnectionLimitRefusesWith4004() throws Exception {
        PusherApp one = new PusherApp("one", "one-key", "s", true, false, 1, 100, 10, 200, 10, 10, false, List.of(), "");
        server = TestServer.of(one);
        try (RawClient first = RawClient.connect(server.port(), "/app/one-key?protocol=7")) {
            first.nextEvent("pusher:connection_established");
            try (RawClient second = RawClient.connect(server.port(), "/app/one-key?protocol=7")) {
                assertTrue(second.next().contains("\"code\":4004"));
                assertEquals(4004, second.closeCode());
            }
            first.close();
            Conditions.await(() -> server.pusher.connections(one) == 0);
            try (RawClient third = RawClient.connect(server.port(), "/app/one-key?protocol=7")) {
                third.nextEvent("pusher:connection_established");
            }
        }
    }

    @Test
    void cacheChannelsReplayTheLastEventOrSayCacheMiss() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher()) {
            socketId(a);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-c\"}}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"cache-c\"}", a.next());
            assertEquals("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-c\"}", a.next());
            server.node.publish("cache-c", "{\"v\":1}".getBytes(StandardCharsets.UTF_8),
                    new PublishOptions(null, Map.of("event", "e1"), false, false)).join();
            server.node.publish("cache-c", "{\"v\":2}".getBytes(StandardCharsets.UTF_8),
                    new PublishOptions(null, Map.of("event", "e2"), false, false)).join();
            a.next();
            a.next();
        }
        try (RawClient b = pusher()) {
            socketId(b);
            b.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-c\"}}");
            b.nextEvent("pusher_internal:subscription_succeeded");
            assertEquals("{\"event\":\"e2\",\"channel\":\"cache-c\",\"data\":\"{\\\"v\\\":2}\"}", b.next());
        }
    }

    @Test
    void userChannelsNeedASignInAsThatUser() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher()) {
            String id = socketId(a);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-alice\"}}");
            String err = a.next();
            assertEquals("pusher:subscription_error", RawClient.member(err, "event"), err);
            String userData = "{\"id\":\"alice\"}";
            String sig = APP.key() + ":" + Signatures.hmacHex(APP.secret(), Signatures.userString(id, userData));
            a.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + sig + "\",\"user_data\":\"{\\\"id\\\":\\\"alice\\\"}\"}}");
            a.nextEvent("pusher:signin_success");
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-bob\"}}");
            assertEquals("pusher:subscription_error", RawClient.member(a.next(), "event"));
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"#server-to-user-alice\"}}");
            a.nextEvent("pusher_internal:subscription_succeeded");
            server.node.publish("#server-to-user-alice", "{}".getBytes(StandardCharsets.UTF_8),
                    new PublishOptions(null, Map.of("event", "hello"), false, false)).join();
            assertEquals("hello", RawClient.member(a.next(), "event"));
        }
    }

    @Test
    void badSubscribesAreRefusedAndTheRestKeepsWorking() throws Exception {
        server = TestServer.of(APP);
        try (RawClient a = pusher()) {
            String id = socketId(a);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"ok\"}}");
            a.nextEvent("pusher_internal:subscription_succeeded");
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"ok\"}}");
            assertEquals("pusher:error", RawClient.member(a.next(), "event"), "subscribing twice");
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"bad name\"}}");
            assertTrue(a.next().contains("\"status\":400"), "a name Pusher does not allow");
            String malformed = "not json";
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-p\",\"auth\":\""
                    + auth(id, "presence-p", malformed) + "\",\"channel_data\":\"not json\"}}");
            String err = a.next();
            assertTrue(err.contains("InvalidChannelData") && err.contains("\"status\":400"), err);
            a.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-p\"}}");
            assertTrue(a.next().contains("\"status\":401"), "presence without auth or channel_data");
            server.node.publish("ok", "1".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT).join();
            assertEquals("{\"event\":\"message\",\"channel\":\"ok\",\"data\":\"1\"}", a.next());
        }
    }

    @Test
    void aFullPresenceChannelRefusesNewMembers() throws Exception {
        PusherApp small = new PusherApp("s", "s-key", "s-secret", true, false, -1, 1, 10, 200, 10, 10, false, List.of(), "");
        server = TestServer.of(small);
        try (RawClient a = RawClient.connect(server.port(), "/app/s-key?protocol=7");
             RawClient b = RawClient.connect(server.port(), "/app/s-key?protocol=7")) {
            String ida = socketId(a), idb = socketId(b);
            String d = "{\"user_id\":\"1\"}", d2 = "{\"user_id\":\"2\"}";
            a.send(presenceFor(small, ida, d));
            a.nextEvent("pusher_internal:subscription_succeeded");
            b.send(presenceFor(small, idb, d2));
            String err = b.next();
            assertTrue(err.contains("\"status\":4100"), err);
            try (RawClient a2 = RawClient.connect(server.port(), "/app/s-key?protocol=7")) {
                a2.send(presenceFor(small, socketId(a2), d)); // the same member on a second connection is no new member
                a2.nextEvent("pusher_internal:subscription_succeeded");
            }
        }
    }

    private static String presenceFor(PusherApp app, String socketId, String channelData) {
        StringBuilder quoted = new StringBuilder();
        io.switchboard.json.JsonStrings.quote(channelData, quoted);
        String sig = app.key() + ":" + Signatures.hmacHex(app.secret(), Signatures.channelString(socketId, "presence-room", channelData));
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-room\",\"auth\":\"" + sig
                + "\",\"channel_data\":" + quoted + "}}";
    }
}
