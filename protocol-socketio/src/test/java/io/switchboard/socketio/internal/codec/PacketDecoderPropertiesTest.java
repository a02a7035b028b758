package io.switchboard.socketio.internal.codec;

import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mutated Socket.IO packets end in DecodeException; encoded packets decode back to what was encoded. */
@Timeout(20)
class PacketDecoderPropertiesTest {
    private static Object value(Random rnd, int depth) {
        return switch (depth > 2 ? rnd.nextInt(4) : rnd.nextInt(7)) {
            case 0 -> "s" + rnd.nextInt(100) + (rnd.nextBoolean() ? "\"\\é\u2028" : "");
            case 1 -> (long) rnd.nextInt();
            case 2 -> rnd.nextBoolean();
            case 3 -> Mutations.randomBytes(rnd, 8);
            case 4 -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) l.add(value(rnd, depth + 1));
                yield l;
            }
            case 5 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(3); i > 0; i--) m.put("k" + i, value(rnd, depth + 1));
                yield m;
            }
            default -> null;
        };
    }

    private static PacketEncoder.Encoded randomPacket(Random rnd) {
        List<Object> args = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) args.add(value(rnd, 0));
        String nsp = rnd.nextBoolean() ? "/" : "/room" + rnd.nextInt(9);
        long id = rnd.nextBoolean() ? -1 : rnd.nextInt(1_000_000);
        return rnd.nextInt(4) == 0 ? PacketEncoder.encode(SocketIoPacket.ACK, nsp, id < 0 ? 1 : id, args)
                : PacketEncoder.event(nsp, id, "ev" + rnd.nextInt(10), args);
    }

    private static SocketIoPacket decodeAll(PacketDecoder d, String text, List<byte[]> attachments) throws DecodeException {
        SocketIoPacket p = d.decodeText(text);
        for (byte[] a : attachments) p = d.decodeBinary(a);
        return p;
    }

    @Test
    void encodeThenDecodeReturnsTheSamePacket() {
        Property.forAll(200, rnd -> {
            PacketEncoder.Encoded e = randomPacket(rnd);
            SocketIoPacket p = decodeAll(new PacketDecoder(100), e.text(), e.attachments());
            PacketEncoder.Encoded again = PacketEncoder.encode(p.type(), p.nsp(), p.id(), p.data());
            assertThat(again.text()).isEqualTo(e.text());
            assertThat(again.attachments()).containsExactlyElementsOf(e.attachments());
        });
    }

    @Test
    void mutatedPacketsEndInDecodeException() {
        Property.forAll(500, rnd -> {
            PacketEncoder.Encoded e = randomPacket(rnd);
            String text = Mutations.mutate(e.text(), rnd);
            Property.onlyThrows(DecodeException.class, text.length(),
                    () -> decodeAll(new PacketDecoder(1_000_000_000), text, e.attachments()));
        });
    }

    @Test
    void everyTruncationEndsInDecodeException() {
        Property.forAll(10, rnd -> {
            String text = randomPacket(rnd).text();
            for (int cut = 0; cut < text.length(); cut++) {
                String t = text.substring(0, cut);
                Property.onlyThrows(DecodeException.class, t.length(), () -> new PacketDecoder(10).decodeText(t));
            }
        });
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "2[\"e\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]";
        Property.onlyThrows(DecodeException.class, deep.length(), () -> new PacketDecoder(10).decodeText(deep));
    }

    /** Defect 2: a huge declared attachment count preallocated a list of that size. */
    @Test
    void hugeAttachmentCountAllocatesNoMoreThanTheFrame() {
        String text = "51234567-[\"e\",{\"_placeholder\":true,\"num\":0}]";
        Property.onlyThrows(DecodeException.class, text.length(), () -> new PacketDecoder(Integer.MAX_VALUE).decodeText(text));
    }

    @Test
    void theDeclaredAttachmentCountIsStillEnforced() throws Exception {
        PacketDecoder d = new PacketDecoder(Integer.MAX_VALUE);
        assertThat(d.decodeText("540-[\"e\",{\"_placeholder\":true,\"num\":0}]")).isNull();
        for (int i = 0; i < 39; i++) assertThat(d.decodeBinary(new byte[] {1})).isNull();
        assertThat(d.decodeBinary(new byte[] {2})).isNotNull();
        assertThatThrownBy(() -> new PacketDecoder(3).decodeText("54-[\"e\"]")).isInstanceOf(DecodeException.class);
    }
}
