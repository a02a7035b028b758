package io.switchboard.pusher;

import io.switchboard.pusher.internal.codec.Dialect;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventDataTest {
    private static String core(String pusherData) {
        return new String(EventData.toCore(pusherData), StandardCharsets.UTF_8);
    }

    private static String pusher(String coreJson) {
        return EventData.toPusher(coreJson.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonDataTravelsAsJsonAndPlainStringsAsJsonStrings() {
        assertEquals("{\"a\":1}", core("{\"a\":1}"));
        assertEquals("\"hello\"", core("hello"));
        assertEquals("\"{broken\"", core("{broken"));
        assertEquals("12", core("12"));
        assertEquals("\"\"", core(""));
        assertEquals("\"tru\"", core("tru"));
    }

    @Test
    void theReverseHolds() {
        assertEquals("hello", pusher("\"hello\""));
        assertEquals("{\"a\":1}", pusher("{\"a\":1}"));
        assertEquals("12", pusher("12"));
        assertEquals("say \"hi\"", pusher("\"say \\\"hi\\\"\""));
        assertEquals("hello", pusher(core("hello")));
        assertEquals("{\"a\":[1]}", pusher(core("{\"a\":[1]}")));
    }

    @Test
    void broadcasttAlwaysGetsJson() {
        assertEquals("\"hello\"", EventData.toBroadcastt("\"hello\"".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"not json\"", EventData.toBroadcastt("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventNamesComeFromTheEventTag() {
        assertEquals("message", EventData.eventName(Map.of()));
        assertEquals("update", EventData.eventName(Map.of("event", "update")));
        assertEquals(Map.of("event", "e"), EventData.tags("e"));
    }

    @Test
    void appsMapTheirChannelsOneToOne() {
        PusherApp shared = PusherApp.of("a", "k", "s");
        PusherApp other = PusherApp.of("b", "k2", "s").withNamespace("b");
        assertEquals("news", shared.coreChannel("news"));
        assertEquals("b:news", other.coreChannel("news"));
        assertEquals("news", other.pusherChannel("b:news"));
        assertNull(other.pusherChannel("news"));
        assertNull(other.pusherChannel("bb:news"));
        assertNull(shared.pusherChannel("b:news"));
        assertEquals("news", EventFrames.pusherName("b:news"), "the shared frame names the channel as every app would");
        assertEquals("news", EventFrames.pusherName("news"));
        PusherApps apps = PusherApps.assigning(java.util.List.of(shared, PusherApp.of("c", "k3", "s")));
        assertEquals("c", apps.byId("c").namespace(), "a second app gets a namespace of its own");
        assertEquals("c", apps.ofCoreChannel("c:x").id());
        assertEquals("a", apps.ofCoreChannel("x").id());
    }

    @Test
    void channelNamesFollowPusher() {
        assertTrue(ChannelNames.valid("private-a_b-c=d@e,f.g;h", 200));
        assertTrue(ChannelNames.valid("#server-to-user-42", 200));
        assertFalse(ChannelNames.valid("a:b", 200));
        assertFalse(ChannelNames.valid("a b", 200));
        assertFalse(ChannelNames.valid("#x", 200));
        assertFalse(ChannelNames.valid("#server-to-user-", 200));
        assertFalse(ChannelNames.valid("a".repeat(201), 200));
    }

    @Test
    void handshakesPickTheDialectAndRefuseWithTheirCodes() {
        PusherApps apps = new PusherApps(java.util.List.of(PusherApp.of("a", "key", "s")));
        assertEquals(Dialect.PUSHER, PusherEndpoint.read(apps, "/app/key", "7").dialect());
        assertEquals(Dialect.BROADCASTT, PusherEndpoint.read(apps, "/app/key", null).dialect());
        assertEquals(Dialect.BROADCASTT, PusherEndpoint.read(apps, "/apps/key", "7").dialect());
        assertEquals(0, PusherEndpoint.read(apps, "/app/key", "5").refusal());
        assertEquals(4007, PusherEndpoint.read(apps, "/app/key", "4").refusal());
        assertEquals(4007, PusherEndpoint.read(apps, "/app/key", "8").refusal());
        assertEquals(4007, PusherEndpoint.read(apps, "/app/key", "x").refusal());
        assertEquals(4001, PusherEndpoint.read(apps, "/app/other", "7").refusal());
        assertEquals(4005, PusherEndpoint.read(apps, "/app/key/more", "7").refusal());
    }
}
