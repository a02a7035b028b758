package io.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.WebSocketListener;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketEndpointTest {
    private static final class Recording implements WebSocketEndpoint.Messages {
        final List<String> seen = new ArrayList<>();
        final List<byte[]> kept = new ArrayList<>();

        @Override
        public void text(byte[] message) {
            kept.add(message);
            seen.add("text " + new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void binary(byte[] message) {
            kept.add(message);
            seen.add("binary " + message.length);
        }

        @Override
        public void readComplete() {
            seen.add("read complete");
        }

        @Override
        public void closed() {
            seen.add("closed");
        }
    }

    @Test
    void messagesArriveInOrderAsCopiesThatOutliveTheBuffer() {
        Recording r = new Recording();
        WebSocketListener l = WebSocketEndpoint.listener(r);
        ByteBuf text = Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8);
        l.onText(text);
        text.setByte(0, 'X'); // the transport reuses or releases its buffer after the call
        text.release();
        l.onBinary(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        l.onReadComplete();
        l.onClose();
        assertThat(r.seen).containsExactly("text hi", "binary 3", "read complete", "closed");
        assertThat(new String(r.kept.get(0), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void theHandshakeSettingsAreTheEndpointsAndReadWhenAsked() {
        int[] limit = {100};
        OriginPolicy origins = new OriginPolicy(List.of("https://app.example"));
        Recording r = new Recording();
        WebSocketEndpoint e = new WebSocketEndpoint(List.of("a", "b"), () -> limit[0], origins, conn -> r);
        limit[0] = 200;
        assertThat(e.subprotocols()).containsExactly("a", "b");
        assertThat(e.maxMessageSize()).isEqualTo(200);
        assertThat(e.originPolicy()).isSameAs(origins);
    }
}
