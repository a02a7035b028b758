package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text protocols' publish commands and how their answers are read; the Protobuf one runs end to end. */
class ClientPublishingTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Recorded replies = new Recorded();

    @Test
    void centrifugoJsonPublishesByIdAndReadsEachAnswer() {
        ClientPublishing p = new CentrifugoJson().publishing();
        assertThat(text(p.hello())).isEqualTo("{\"id\":1,\"connect\":{}}");
        assertThat(text(p.publish(7, "news", json("{\"t\":1}"))))
                .isEqualTo("{\"id\":7,\"publish\":{\"channel\":\"news\",\"data\":{\"t\":1}}}");

        receive(p, "{\"id\":1,\"connect\":{\"client\":\"c\",\"version\":\"0\"}}\n{\"id\":7,\"publish\":{}}\n"
                + "{\"id\":8,\"error\":{\"code\":103,\"message\":\"permission denied\"}}\n{}");

        assertThat(replies.ready).isTrue();
        assertThat(replies.answers).containsExactly("7 ok", "8 {\"id\":8,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(text(channel.readOutbound())).isEqualTo("{}"); // the ping answered
    }

    @Test
    void centrifugoJsonRefusedConnectFailsThePublisher() {
        receive(new CentrifugoJson().publishing(), "{\"id\":1,\"error\":{\"code\":101,\"message\":\"unauthorized\"}}");

        assertThat(replies.ready).isFalse();
        assertThat(replies.failures).hasSize(1);
    }

    @Test
    void socketClusterInvokesPublishWithACidAfterItsHandshake() {
        ClientPublishing p = new SocketCluster().publishing();
        assertThat(text(p.hello())).isEqualTo(SocketCluster.HANDSHAKE);
        assertThat(text(p.publish(3, "news", json("{\"t\":1}"))))
                .isEqualTo("{\"event\":\"#publish\",\"data\":{\"channel\":\"news\",\"data\":{\"t\":1}},\"cid\":3}");

        receive(p, "{\"rid\":1,\"data\":{\"id\":\"x\",\"pingTimeout\":20000,\"isAuthenticated\":false}}");
        receive(p, "{\"rid\":3}");
        receive(p, "{\"rid\":4,\"error\":{\"name\":\"BrokerError\",\"message\":\"no\"}}");
        receive(p, "");

        assertThat(replies.ready).isTrue();
        assertThat(replies.answers).containsExactly("3 ok", "4 {\"rid\":4,\"error\":{\"name\":\"BrokerError\",\"message\":\"no\"}}");
        assertThat(text(channel.readOutbound())).isEmpty(); // v2 ping answered with an empty frame
    }

    private void receive(ClientPublishing p, String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        p.onFrame(frame, channel, replies);
        frame.release();
    }

    private static ByteBuf json(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String text(Object frame) {
        WebSocketFrame f = (WebSocketFrame) frame;
        String s = f.content().toString(StandardCharsets.UTF_8);
        f.release();
        return s;
    }

    private static final class Recorded implements ClientPublishing.Replies {
        boolean ready;
        final List<String> answers = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        @Override
        public void ready() {
            ready = true;
        }

        @Override
        public void answered(long id, String error) {
            answers.add(id + " " + (error == null ? "ok" : error));
        }

        @Override
        public void failed(String reason) {
            failures.add(reason);
        }
    }
}
