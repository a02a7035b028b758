package io.switchboard.socketio.engine.internal.codec;

import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine.IO v3/v4 packets and payloads: round trips, and mutated bodies end in DecodeException. */
@Timeout(20)
class EngineCodecPropertiesTest {
    private static Packet packet(Random rnd, boolean binary) {
        if (binary && rnd.nextInt(3) == 0) return Packet.message(Mutations.insert(Mutations.randomBytes(rnd, 20), 0, new byte[] {9}));
        PacketType[] types = PacketType.values();
        String text = rnd.nextBoolean() ? "" : "t" + rnd.nextInt(1000) + (rnd.nextBoolean() ? "é\uD83D\uDE00:" : "");
        return Packet.of(types[rnd.nextInt(types.length)], text);
    }

    private static List<Packet> packets(Random rnd, boolean binary) {
        List<Packet> out = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(4); i > 0; i--) out.add(packet(rnd, binary));
        return out;
    }

    private static void assertSame(List<Packet> got, List<Packet> expected) {
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).type()).isEqualTo(expected.get(i).type());
            assertThat(got.get(i).text()).isEqualTo(expected.get(i).text());
            assertThat(got.get(i).binary()).isEqualTo(expected.get(i).binary());
        }
    }

    @Test
    void payloadsRoundTrip() {
        Property.forAll(200, rnd -> {
            List<Packet> ps = packets(rnd, true);
            assertSame(Payloads.decodeV4(Payloads.encodeV4(ps)), ps);
            assertSame(Payloads.decodeV3(Payloads.encodeV3(ps)), ps);
            assertSame(Payloads.decodeV3Binary(Payloads.encodeV3Binary(ps)), ps);
            Packet p = packet(rnd, false);
            assertSame(List.of(PacketCodec.decodeText(PacketCodec.encodeText(p))), List.of(p));
            byte[] b = Mutations.randomBytes(rnd, 30);
            for (int v = 3; v <= 4; v++) assertThat(PacketCodec.decodeBinary(PacketCodec.encodeBinary(b, v), v).binary()).isEqualTo(b);
        });
    }

    @Test
    void mutatedPayloadsEndInDecodeException() {
        Property.forAll(400, rnd -> {
            List<Packet> ps = packets(rnd, true);
            String v4 = Mutations.mutate(Payloads.encodeV4(ps), rnd);
            String v3 = Mutations.mutate(Payloads.encodeV3(ps), rnd);
            byte[] v3b = Mutations.mutate(Payloads.encodeV3Binary(ps), rnd);
            Property.onlyThrows(DecodeException.class, v4.length(), () -> Payloads.decodeV4(v4));
            Property.onlyThrows(DecodeException.class, v3.length(), () -> Payloads.decodeV3(v3));
            Property.onlyThrows(DecodeException.class, v3b.length, () -> Payloads.decodeV3Binary(v3b));
            Property.onlyThrows(DecodeException.class, v4.length(), () -> PacketCodec.decodeText(v4));
            Property.onlyThrows(DecodeException.class, v3b.length, () -> PacketCodec.decodeBinary(v3b, 3));
        });
    }

    @Test
    void everyTruncationEndsInDecodeException() {
        Property.forAll(10, rnd -> {
            List<Packet> ps = packets(rnd, true);
            String v3 = Payloads.encodeV3(ps);
            byte[] v3b = Payloads.encodeV3Binary(ps);
            for (int cut = 0; cut < v3.length(); cut++) {
                String t = v3.substring(0, cut);
                Property.onlyThrows(DecodeException.class, t.length(), () -> Payloads.decodeV3(t));
            }
            for (int cut = 0; cut < v3b.length; cut++) {
                byte[] t = Arrays.copyOf(v3b, cut);
                Property.onlyThrows(DecodeException.class, t.length, () -> Payloads.decodeV3Binary(t));
            }
        });
    }

    @Test
    void hugeLengthsAreRejected() {
        String v3 = "999999999:4hello";
        byte[] v3b = {0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, (byte) 0xFF, '4', 'x'};
        Property.onlyThrows(DecodeException.class, v3.length(), () -> Payloads.decodeV3(v3));
        Property.onlyThrows(DecodeException.class, v3b.length, () -> Payloads.decodeV3Binary(v3b));
        byte[] text = "4hi".getBytes(StandardCharsets.UTF_8);
        Property.onlyThrows(DecodeException.class, text.length, () -> Payloads.decodeV3Binary(text));
    }
}
