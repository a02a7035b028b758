package io.switchboard.socketio;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoomsAndOffsetsTest {
    @Test
    void roomNamesAreEscapedOnlyWhereAChannelNameCannotHoldThem() {
        assertThat(RoomChannels.channel("", "news")).isEqualTo("news");
        assertThat(RoomChannels.channel("", "user:42")).isEqualTo("user%3A42");
        assertThat(RoomChannels.channel("chat:", "room 1#é")).isEqualTo("chat:room%201%23%C3%A9");
        assertThat(RoomChannels.channel("", "$x%")).isEqualTo("%24x%25");
    }

    @Test
    void recoveryOffsetsAreRoomIndexesAndStreamOffsets() {
        assertThat(Recovery.parseOffset(null)).isEmpty();
        assertThat(Recovery.parseOffset("")).isEmpty();
        assertThat(Recovery.parseOffset("0.42,3.7")).isEqualTo(Map.of(0, 42L, 3, 7L));
        assertThat(Recovery.parseOffset("x")).isNull();
        assertThat(Recovery.parseOffset("1-abc")).isNull();
        assertThat(Recovery.parseOffset(12)).isNull();
    }
}
