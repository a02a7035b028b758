package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RepliesSeenTest {
    /**
     * The wrapper must pass every codec method on: a default method it inherits instead answers with the interface's
     * default (for shared poll, an UnsupportedOperationException that the client turns into error 100).
     */
    @Test
    void passesOnEveryCodecMethodIncludingTheDefaultOnes() {
        List<String> inherited = new ArrayList<>();
        for (Method m : ClientCodec.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            try {
                Method own = RepliesSeen.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                assertThat(own.getDeclaringClass()).isEqualTo(RepliesSeen.class);
            } catch (NoSuchMethodException e) {
                inherited.add(m.getName());
            }
        }
        assertThat(inherited).isEmpty();
    }
}
