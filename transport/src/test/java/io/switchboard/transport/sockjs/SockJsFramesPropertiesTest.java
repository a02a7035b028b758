package io.switchboard.transport.sockjs;

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

/** Client frames: what the server's quoting writes reads back; mangled frames end in BadFrame, never elsewhere. */
@Timeout(20)
class SockJsFramesPropertiesTest {
    private static List<String> messages(Random rnd) {
        List<String> out = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            int len = rnd.nextInt(20);
            for (int j = 0; j < len; j++) s.append((char) (rnd.nextBoolean() ? 0x20 + rnd.nextInt(0x60) : rnd.nextInt(0x10000)));
            out.add(s.toString());
        }
        return out;
    }

    private static byte[] clientFrame(List<String> messages) {
        // a client writes what a server's a-frame carries, without the leading "a"
        return SockJsFrames.array(messages).substring(1).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void quotedMessagesReadBackAsTheyWere() {
        Property.forAll(100, rnd -> {
            List<String> m = messages(rnd);
            // lone surrogates too: the quoting escapes every surrogate, so none is lost to UTF-8
            assertThat(SockJsFrames.messages(clientFrame(m), false)).isEqualTo(m);
        });
    }

    @Test
    void mutatedTruncatedAndRandomFramesEndInBadFrame() {
        Property.forAll(300, rnd -> {
            byte[] frame = clientFrame(messages(rnd));
            for (byte[] f : List.of(Mutations.mutate(frame, rnd), Mutations.randomBytes(rnd, 64), Mutations.nesting(2000, true))) {
                Property.onlyThrows(SockJsFrames.BadFrame.class, f.length, () -> SockJsFrames.messages(f, rnd.nextBoolean()));
            }
            for (int cut = 0; cut < frame.length; cut++) {
                byte[] f = Arrays.copyOf(frame, cut);
                Property.onlyThrows(SockJsFrames.BadFrame.class, f.length, () -> SockJsFrames.messages(f, false));
            }
        });
    }
}
