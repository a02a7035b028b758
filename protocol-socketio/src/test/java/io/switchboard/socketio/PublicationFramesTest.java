package io.switchboard.socketio;

import io.switchboard.core.Publication;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublicationFramesTest {
    private static Publication pub(String data, Map<String, String> tags) {
        return new Publication(1, data.getBytes(StandardCharsets.UTF_8), null, tags, 0);
    }

    @Test
    void aPublicationBecomesAMessageEventWithItsDataCompacted() {
        var f = PublicationFrames.build("news", pub("{ \"text\": \"hi\" }", Map.of()), "/", false);
        assertThat(f.text().text()).isEqualTo("2[\"message\",{\"text\":\"hi\"}]");
        assertThat(f.attachments()).isEmpty();
    }

    @Test
    void echoSubscribersGetTheChannelFirstAndTheEventTagNamesTheEvent() {
        var f = PublicationFrames.build("news", pub("[1,2]", Map.of("event", "OrderShipped")), "/chat", true);
        assertThat(f.text().text()).isEqualTo("2/chat,[\"OrderShipped\",\"news\",[1,2]]");
    }

    @Test
    void reservedEventNamesBecomeMessageSoClientsDoNotDropTheConnection() {
        var f = PublicationFrames.build("news", pub("1", Map.of("event", "disconnect")), "/", false);
        assertThat(f.text().text()).isEqualTo("2[\"message\",1]");
    }

    @Test
    void dataThatIsNotJsonArrivesAsOneBinaryArgument() {
        var p = new Publication(1, new byte[] {(byte) 0xff, 0}, null, Map.of(), 0);
        var f = PublicationFrames.build("bin", p, "/", false);
        assertThat(f.text().text()).isEqualTo("51-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(f.attachments().get(0)).containsExactly(0xff - 256, 0);
    }

    @Test
    void anEmitWithSeveralArgumentsAndBinaryComesBackAsTheSameEvent() {
        var emit = PublicationFrames.emit("ev", List.of(1, "two", new byte[] {3}));
        assertThat(new String(emit.data(), StandardCharsets.UTF_8)).isEqualTo("[1,\"two\",{\"_placeholder\":true,\"num\":0}]");
        var f = PublicationFrames.build("room", new Publication(5, emit.data(), null, emit.tags(), 0), "/", false);
        assertThat(f.text().text()).isEqualTo("51-[\"ev\",1,\"two\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(f.attachments().get(0)).containsExactly(3);
        assertThat(f.withOffset("0.5").text().text()).isEqualTo("51-[\"ev\",1,\"two\",{\"_placeholder\":true,\"num\":0},\"0.5\"]");
    }

    @Test
    void anEmitWithOneArgumentIsThatValueForEveryProtocol() {
        var emit = PublicationFrames.emit("ev", List.of(Map.of("a", 1)));
        assertThat(new String(emit.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(emit.tags()).isEqualTo(Map.of("event", "ev"));
        var none = PublicationFrames.emit("ping", List.of());
        assertThat(PublicationFrames.build("c", new Publication(0, none.data(), null, none.tags(), 0), "/", false)
                .text().text()).isEqualTo("2[\"ping\"]");
    }
}
