package io.switchboard.socketio.engine.internal.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadsTest {
    private static final byte[] ONE_TO_FOUR = {1, 2, 3, 4};

    @Test
    void v4JoinsPacketsWithTheRecordSeparatorAndWritesBinaryAsBase64() {
        String body = Payloads.encodeV4(List.of(Packet.message("hello"), Packet.PING, Packet.message(ONE_TO_FOUR)));
        assertThat(body).isEqualTo("4hello\u001e2\u001ebAQIDBA==");
    }

    @Test
    void v4ReadsTextAndBinaryRecords() throws Exception {
        List<Packet> packets = Payloads.decodeV4("4hello\u001ebAQIDBA==\u001e3");
        assertThat(packets).hasSize(3);
        assertThat(packets.get(0)).isEqualTo(Packet.message("hello"));
        assertThat(packets.get(1).binary()).containsExactly(ONE_TO_FOUR);
        assertThat(packets.get(2).type()).isEqualTo(PacketType.PONG);
    }

    @Test
    void v4RefusesUnknownTypesAndEmptyRecords() {
        assertThatThrownBy(() -> Payloads.decodeV4("abc")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV4("")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV4("4a\u001e")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV4("b!!!")).isInstanceOf(DecodeException.class);
    }

    @Test
    void v3CountsLengthsInUtf16UnitsAndPrefixesBase64WithTheType() throws Exception {
        assertThat(Payloads.encodeV3(List.of(Packet.message("hello"), Packet.message("€"), Packet.message(ONE_TO_FOUR))))
                .isEqualTo("6:4hello2:4€10:b4AQIDBA==");
        List<Packet> packets = Payloads.decodeV3("6:4hello2:4€10:b4AQIDBA==1:2");
        assertThat(packets).extracting(Packet::text).containsExactly("hello", "€", "", "");
        assertThat(packets.get(2).binary()).containsExactly(ONE_TO_FOUR);
        assertThat(packets.get(3).type()).isEqualTo(PacketType.PING);
    }

    @Test
    void v3RefusesBrokenLengths() {
        assertThatThrownBy(() -> Payloads.decodeV3("abc")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV3("9:4hello")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV3(":4hello")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV3("6:4hello3")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV3("")).isInstanceOf(DecodeException.class);
    }

    @Test
    void v3BinaryPayloadMatchesTheProtocolExample() throws Exception {
        byte[] expected = {0, 6, (byte) 255, 52, 104, 101, 108, 108, 111, 1, 5, (byte) 255, 4, 1, 2, 3, 4};
        assertThat(Payloads.encodeV3Binary(List.of(Packet.message("hello"), Packet.message(ONE_TO_FOUR)))).containsExactly(expected);
        List<Packet> back = Payloads.decodeV3Binary(expected);
        assertThat(back.get(0).text()).isEqualTo("hello");
        assertThat(back.get(1).binary()).containsExactly(ONE_TO_FOUR);
    }

    @Test
    void v3BinaryPayloadCountsTextInUtf8Bytes() throws Exception {
        byte[] body = Payloads.encodeV3Binary(List.of(Packet.message("€")));
        assertThat(body).containsExactly(0, 4, 255 - 256, 52, 0xe2 - 256, 0x82 - 256, 0xac - 256);
        assertThat(Payloads.decodeV3Binary(body).get(0).text()).isEqualTo("€");
        assertThatThrownBy(() -> Payloads.decodeV3Binary(new byte[] {0, 9, (byte) 255, 52})).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> Payloads.decodeV3Binary(new byte[] {2, 1, (byte) 255, 52})).isInstanceOf(DecodeException.class);
    }

    @Test
    void framesCarryTheTypeByteOnlyInV3() throws Exception {
        assertThat(PacketCodec.encodeBinary(ONE_TO_FOUR, 4)).containsExactly(ONE_TO_FOUR);
        assertThat(PacketCodec.encodeBinary(ONE_TO_FOUR, 3)).containsExactly(4, 1, 2, 3, 4);
        assertThat(PacketCodec.decodeBinary(new byte[] {4, 1, 2, 3, 4}, 3).binary()).containsExactly(ONE_TO_FOUR);
        assertThat(PacketCodec.decodeText("2probe")).isEqualTo(Packet.of(PacketType.PING, "probe"));
        assertThatThrownBy(() -> PacketCodec.decodeText("7")).isInstanceOf(DecodeException.class);
    }
}
