package io.switchboard.socketcluster.internal.codec;

import io.switchboard.json.JsonNumber;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Server packets as socketcluster-server writes them (the notes' verified frames). */
class ServerPacketsTest {
    @Test
    void handshakeReplyAsTheSeedShowsIt() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "Y7Uw-jHCJP-gld4QAAAA");
        data.put("isAuthenticated", false);
        data.put("pingTimeout", 10000);
        assertEquals("{\"rid\":1,\"data\":{\"id\":\"Y7Uw-jHCJP-gld4QAAAA\",\"isAuthenticated\":false,\"pingTimeout\":10000}}",
                ServerPackets.response(new JsonNumber("1"), data));
    }

    @Test
    void noDataMeansNoDataKey() {
        assertEquals("{\"rid\":2}", ServerPackets.response(new JsonNumber("2"), ServerPackets.NO_DATA));
        assertEquals("{\"event\":\"#removeAuthToken\"}", ServerPackets.event("#removeAuthToken", ServerPackets.NO_DATA));
        assertEquals("{\"event\":\"x\",\"data\":null,\"cid\":3}", ServerPackets.event("x", null, 3));
    }

    @Test
    void errorsAndPublications() {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", "nope");
        err.put("name", "ForbiddenChannelError");
        assertEquals("{\"rid\":3,\"error\":{\"message\":\"nope\",\"name\":\"ForbiddenChannelError\"}}",
                ServerPackets.error(new JsonNumber("3"), err));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}}}",
                ServerPackets.publish("news", "{\"hello\":\"world\"}"));
    }

    @Test
    void batchesAndPings() {
        assertEquals("{\"rid\":1}", ServerPackets.batch(List.of("{\"rid\":1}")));
        assertEquals("[{\"rid\":1},{\"rid\":2}]", ServerPackets.batch(List.of("{\"rid\":1}", "{\"rid\":2}")));
        assertEquals("#1", ServerPackets.ping(1));
        assertEquals("", ServerPackets.ping(2));
    }
}
