package io.switchboard.bench.client;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CentrifugoJsonTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RecordingEvents events = new RecordingEvents();
    private final ProtocolSession session = new CentrifugoJson().newSession("news");

    @Test
    void connectAndSubscribeLeaveInOneFrame() {
        session.start(channel);

        TextWebSocketFrame frame = channel.readOutbound();
        assertThat(frame.text()).isEqualTo("{\"connect\":{},\"id\":1}\n{\"subscribe\":{\"channel\":\"news\"},\"id\":2}");
        frame.release();
    }

    @Test
    void subscribeReplyMarksTheConnectionSubscribed() {
        receive("{\"id\":1,\"connect\":{\"client\":\"x\",\"version\":\"0\",\"ping\":25,\"pong\":true}}\n{\"id\":2,\"subscribe\":{}}");

        assertThat(events.subscribed).isTrue();
        assertThat(events.failures).isEmpty();
    }

    @Test
    void everyPublicationOfAMultiMessageFrameIsReported() {
        receive("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"t\":1,\"seq\":0},\"offset\":1}}}\n"
                + "{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"t\":2,\"seq\":1},\"offset\":2}}}");

        assertThat(events.publications).containsExactly(
                "{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"t\":1,\"seq\":0},\"offset\":1}}}",
                "{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"t\":2,\"seq\":1},\"offset\":2}}}");
    }

    @Test
    void serverPingIsAnsweredWithAnEmptyObject() {
        receive("{}");

        TextWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.text()).isEqualTo("{}");
        pong.release();
    }

    @Test
    void errorReplyFailsTheConnection() {
        receive("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");

        assertThat(events.subscribed).isFalse();
        assertThat(events.failures).hasSize(1);
    }

    private void receive(String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        session.onFrame(frame, channel, events);
        frame.release();
    }
}
