package io.switchboard.pusher.internal.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SignedDataTest {
    @Test
    void channelDataNamesTheMember() {
        SignedData.Member m = SignedData.channelData("{\"user_id\":\"u1\",\"user_info\":{\"name\":\"A\",\"n\":[1]}}");
        assertEquals("u1", m.userId());
        assertEquals("{\"name\":\"A\",\"n\":[1]}", new String(m.userInfo(), StandardCharsets.UTF_8));
        assertEquals("10", SignedData.channelData("{\"user_id\":10}").userId(), "Pusher's docs use an integer id");
        assertNull(SignedData.channelData("{\"user_id\":\"u\"}").userInfo());
    }

    @Test
    void malformedChannelDataReadsAsNull() {
        for (String bad : new String[] {null, "", "x", "[]", "{}", "{\"user_id\":\"\"}", "{\"user_id\":1.5}",
                "{\"user_id\":true}", "{\"user_id\":\"" + "a".repeat(129) + "\"}", "{\"user_id\":\"u\"} extra"}) {
            assertNull(SignedData.channelData(bad), String.valueOf(bad));
        }
    }

    @Test
    void userDataNamesTheUserAndItsWatchlist() {
        SignedData.User u = SignedData.userData("{\"id\":\"alice\",\"watchlist\":[\"bob\",\"carol\",\"bob\",7]}");
        assertEquals("alice", u.id());
        assertEquals(List.of("bob", "carol"), u.watchlist());
        assertEquals(List.of(), SignedData.userData("{\"id\":\"a\"}").watchlist());
        assertNull(SignedData.userData("{\"id\":12}"), "user_data's id is a string");
        assertNull(SignedData.userData("{\"user_id\":\"a\"}"));
        assertNull(SignedData.userData("nope"));
    }
}
