package io.switchboard.socketcluster.internal.codec;

import io.switchboard.json.JsonNumber;
import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client frames: the seed's and the notes' frames decode; random, truncated or mutated ones never throw. */
@Timeout(30)
class FrameDecoderTest {
    private static final List<String> FRAMES = List.of(
            "{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}",
            "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"news\",\"data\":{\"x\":[1,2]},\"waitForAuth\":true},\"cid\":2}",
            "{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"hello\":\"world\"}},\"cid\":4}",
            "[{\"event\":\"a\",\"data\":1,\"cid\":9},{\"event\":\"b\",\"cid\":10}]",
            "{\"rid\":3,\"data\":{\"ok\":true}}",
            "{\"error\":null,\"data\":5,\"rid\":7}",
            "{\"event\":\"#unsubscribe\",\"data\":\"news\"}");

    /** No exception may leave the decoder: nothing is allowed. */
    private static final class NeverThrown extends RuntimeException {
    }

    private static List<Packet> decode(String frame, int version, FrameDecoder.Kind expected) {
        List<Packet> out = new ArrayList<>();
        assertEquals(expected, FrameDecoder.decode(frame.getBytes(StandardCharsets.UTF_8), version, out::add), frame);
        return out;
    }

    @Test
    void theSeedsHandshakeIsAnInvoke() {
        Packet.Event e = (Packet.Event) decode(FRAMES.get(0), 2, FrameDecoder.Kind.PACKETS).get(0);
        assertEquals("#handshake", e.event());
        assertEquals(new JsonNumber("1"), e.cid());
        assertTrue(e.invoke());
    }

    @Test
    void pingsArePerVersion() {
        decode("", 2, FrameDecoder.Kind.PONG);
        decode("#2", 1, FrameDecoder.Kind.PONG);
        decode("#2", 2, FrameDecoder.Kind.RAW); // a v1 pong on a v2 endpoint is not JSON: raw
        decode("", 1, FrameDecoder.Kind.RAW);
        decode("#1", 1, FrameDecoder.Kind.RAW);
    }

    @Test
    void aBatchIsReadPacketByPacketInOrder() {
        List<Packet> p = decode(FRAMES.get(3), 2, FrameDecoder.Kind.PACKETS);
        assertEquals(2, p.size());
        assertEquals("a", ((Packet.Event) p.get(0)).event());
        assertEquals(new JsonNumber("10"), ((Packet.Event) p.get(1)).cid());
    }

    @Test
    void aBatchThatIsNotJsonToItsEndIsRawAndNothingOfItIsRead() {
        assertTrue(decode("[{\"event\":\"a\",\"cid\":1},{\"event\":", 2, FrameDecoder.Kind.RAW).isEmpty());
        assertTrue(decode("[{\"event\":\"a\",\"cid\":1}] x", 2, FrameDecoder.Kind.RAW).isEmpty());
    }

    @Test
    void responsesAndTheirErrors() {
        Packet.Response r = (Packet.Response) decode(FRAMES.get(5), 2, FrameDecoder.Kind.PACKETS).get(0);
        assertEquals(new JsonNumber("7"), r.rid());
        assertNull(r.error());
        Packet.Response bad = (Packet.Response) decode("{\"rid\":\"7\",\"data\":1}", 2, FrameDecoder.Kind.PACKETS).get(0);
        assertNull(bad.rid(), "a string rid matches nothing");
    }

    @Test
    void aStringCidMakesATransmit() {
        Packet.Event e = (Packet.Event) decode("{\"event\":\"x\",\"cid\":\"1\"}", 2, FrameDecoder.Kind.PACKETS).get(0);
        assertNull(e.cid());
    }

    @Test
    void jsonThatIsNoPacketAndTextThatIsNoJsonAreRaw() {
        assertInstanceOf(Packet.Raw.class, decode("{\"foo\":1}", 2, FrameDecoder.Kind.PACKETS).get(0));
        assertInstanceOf(Packet.Raw.class, decode("[1,{\"event\":5}]", 2, FrameDecoder.Kind.PACKETS).get(1));
        decode("this is not json", 2, FrameDecoder.Kind.RAW);
        decode("\uFEFF{\"event\":\"a\"}", 2, FrameDecoder.Kind.RAW);
    }

    @Test
    void aHundredThousandPacketBatchStreams() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 1; i <= 100_000; i++) b.append(i > 1 ? "," : "").append("{\"event\":\"x\",\"cid\":").append(i).append('}');
        int[] n = {0};
        FrameDecoder.decode(b.append(']').toString().getBytes(StandardCharsets.UTF_8), 2, p -> n[0]++);
        assertEquals(100_000, n[0]);
    }

    @Test
    void mutatedFramesNeverThrow() {
        Property.forAll(500, rnd -> {
            byte[] frame = Mutations.mutate(FRAMES.get(rnd.nextInt(FRAMES.size())).getBytes(StandardCharsets.UTF_8), rnd);
            int version = 1 + rnd.nextInt(2);
            Property.onlyThrows(NeverThrown.class, frame.length,
                    () -> FrameDecoder.decode(frame, version, p -> PlainValues.of(p instanceof Packet.Event e ? e.data() : null)));
        });
    }

    @Test
    void randomBytesAndDeepNestingAreRaw() {
        Property.forAll(300, rnd -> {
            byte[] frame = Mutations.randomBytes(rnd, 200);
            Property.onlyThrows(NeverThrown.class, frame.length, () -> FrameDecoder.decode(frame, 2, p -> { }));
        });
        assertEquals(FrameDecoder.Kind.RAW, FrameDecoder.decode(Mutations.nesting(100_000, true), 2, p -> { }));
    }

    @Test
    void plainValuesForHandlers() throws Exception {
        Object v = PlainValues.of(io.switchboard.json.JsonTree.parse("{\"a\":1,\"a\":2,\"b\":[1.5,null,\"s\"],\"c\":123456789012345678901}"));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(2L, m.get("a"));
        assertEquals(List.of(1.5, "s"), ((List<?>) m.get("b")).stream().filter(x -> x != null).toList());
        assertEquals(new java.math.BigInteger("123456789012345678901"), m.get("c"));
    }
}
