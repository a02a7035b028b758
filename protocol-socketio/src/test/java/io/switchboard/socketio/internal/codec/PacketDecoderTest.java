package io.switchboard.socketio.internal.codec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketDecoderTest {
    private final PacketDecoder decoder = new PacketDecoder(10);

    @Test
    void readsTheProtocolDocumentsExamples() throws Exception {
        SocketIoPacket connect = decoder.decodeText("0/admin,{\"token\":\"abc\"}");
        assertThat(connect.type()).isEqualTo(SocketIoPacket.CONNECT);
        assertThat(connect.nsp()).isEqualTo("/admin");
        assertThat(connect.data()).isEqualTo(Map.of("token", "abc"));

        SocketIoPacket event = decoder.decodeText("212[\"foo\"]");
        assertThat(event.id()).isEqualTo(12);
        assertThat(event.list()).containsExactly("foo");

        SocketIoPacket ack = decoder.decodeText("3/admin,13[\"bar\"]");
        assertThat(ack.nsp()).isEqualTo("/admin");
        assertThat(ack.id()).isEqualTo(13);

        SocketIoPacket disconnect = decoder.decodeText("1/admin,");
        assertThat(disconnect.hasData()).isFalse();
        assertThat(decoder.decodeText("0").nsp()).isEqualTo("/");
    }

    @Test
    void takesANamespaceWithoutItsTrailingComma() throws Exception {
        assertThat(decoder.decodeText("0/random").nsp()).isEqualTo("/random");
        assertThat(decoder.decodeText("1/custom").nsp()).isEqualTo("/custom");
    }

    @Test
    void holdsABinaryEventUntilItsAttachmentsArriveThenPutsThemInPlace() throws Exception {
        assertThat(decoder.decodeText("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]"))
                .isNull();
        assertThat(decoder.awaitingAttachments()).isTrue();
        assertThat(decoder.decodeBinary(new byte[] {1})).isNull();
        SocketIoPacket p = decoder.decodeBinary(new byte[] {2, 3});
        assertThat(p.type()).isEqualTo(SocketIoPacket.BINARY_EVENT);
        assertThat(p.nsp()).isEqualTo("/admin");
        List<Object> args = p.list();
        assertThat((byte[]) args.get(1)).containsExactly(1);
        assertThat((byte[]) ((Map<?, ?>) args.get(2)).get("x")).containsExactly(2, 3);
        assertThat(decoder.awaitingAttachments()).isFalse();
    }

    @Test
    void refusesWhatTheReferenceParserRefuses() {
        // Socket.IO packets, without the Engine.IO message digit in front
        for (String bad : new String[] {"", "7", "4abc", "2{}", "2abc[\"x\"]", "2[]", "2[true]", "2[\"connect\"]",
                "2[\"x\"]y", "0[1]", "1{}", "3{}", "4[1]", "5-[\"x\"]", "5a-[\"x\"]", "511-[\"x\"]",
                "51-[\"x\",{\"_placeholder\":true,\"num\":5}]"}) {
            PacketDecoder d = new PacketDecoder(10);
            assertThatThrownBy(() -> {
                SocketIoPacket p = d.decodeText(bad);
                if (p == null) d.decodeBinary(new byte[] {1});
            }).as(bad).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void refusesTextWhileAttachmentsAreDueAndAttachmentsNobodyAnnounced() throws Exception {
        assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {1})).isInstanceOf(DecodeException.class);
        decoder.decodeText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.decodeText("2[\"y\"]")).isInstanceOf(DecodeException.class);
    }

    @Test
    void acceptsNumbersAsEventNames() throws Exception {
        assertThat(decoder.decodeText("2[1,\"x\"]").list()).containsExactly(1, "x");
    }
}
