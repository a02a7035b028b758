package io.switchboard.pusher.internal.codec;

import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Client frames: well-formed ones decode, and random, truncated or mutated ones end in FrameException only. */
@Timeout(20)
class FrameDecoderPropertiesTest {
    private static final List<String> FRAMES = List.of(
            "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-a\",\"auth\":\"k:ab\",\"channel_data\":\"{\\\"user_id\\\":1}\"}}",
            "{\"event\":\"pusher:subscribe\",\"data\":\"{\\\"channel\\\":\\\"x\\\"}\"}",
            "{\"event\":\"client-typing\",\"channel\":\"private-c\",\"data\":{\"x\":[1,2,{\"y\":null}]}}",
            "{\"event\":\"pusher:ping\",\"data\":{}}",
            "{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"k:1\",\"user_data\":\"{\\\"id\\\":\\\"u\\\"}\"}}");

    @Test
    void wellFormedFramesDecode() throws Exception {
        ClientFrame f = FrameDecoder.decode(FRAMES.get(0).getBytes(StandardCharsets.UTF_8));
        assertEquals("pusher:subscribe", f.event());
        assertEquals("presence-a", ClientFrame.string(f.dataObject(), "channel"));
        ClientFrame s = FrameDecoder.decode(FRAMES.get(1).getBytes(StandardCharsets.UTF_8));
        assertEquals("x", ClientFrame.string(s.dataObject(), "channel"), "data as a JSON string reads as the object");
        ClientFrame c = FrameDecoder.decode(FRAMES.get(2).getBytes(StandardCharsets.UTF_8));
        assertEquals("private-c", c.channel());
    }

    @Test
    void framesThatAreNotPusherFramesAreRefused() {
        for (String bad : List.of("", "null", "[]", "\"x\"", "{}", "{\"event\":1}", "{\"event\":\"\"}",
                "{\"event\":\"a\",\"channel\":5}", "{\"event\":\"a\"} x", "{\"event\":\"a\"", "\uFEFF{\"event\":\"a\"}")) {
            assertThrows(FrameException.class, () -> FrameDecoder.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void mutatedFramesEndInFrameException() {
        Property.forAll(400, rnd -> {
            byte[] frame = Mutations.mutate(FRAMES.get(rnd.nextInt(FRAMES.size())).getBytes(StandardCharsets.UTF_8), rnd);
            Property.onlyThrows(FrameException.class, frame.length, () -> FrameDecoder.decode(frame));
        });
    }

    @Test
    void randomBytesAndDeepNestingEndInFrameException() {
        Property.forAll(200, rnd -> {
            byte[] frame = Mutations.randomBytes(rnd, 200);
            Property.onlyThrows(FrameException.class, frame.length, () -> FrameDecoder.decode(frame));
        });
        byte[] deep = Mutations.nesting(100_000, false);
        assertThrows(FrameException.class, () -> FrameDecoder.decode(deep));
    }
}
