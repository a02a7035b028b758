package io.switchboard.transport.sockjs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SockJS frames: the server's escapes and the client frames taken or refused with SockJS's wording. */
class SockJsFramesTest {
    @Test
    void arrayAndCloseFramesAreJson() {
        assertThat(SockJsFrames.array(List.of("a", "b\nc"))).isEqualTo("a[\"a\",\"b\\nc\"]");
        assertThat(SockJsFrames.close(3000, "Go away!")).isEqualTo("c[3000,\"Go away!\"]");
    }

    @Test
    void theCharactersBrowsersMangleAndEverySurrogateAreEscaped() {
        String s = "\u0001\u200c\u200f\u2028\u202f\u2060\u206f\ufff0\uffff\ud83d\ude00é";
        assertThat(SockJsFrames.array(List.of(s))).isEqualTo(
                "a[\"\\u0001\\u200c\\u200f\\u2028\\u202f\\u2060\\u206f\\ufff0\\uffff\\ud83d\\ude00é\"]");
    }

    @Test
    void aClientFrameIsAnArrayOfStrings() throws Exception {
        assertThat(SockJsFrames.messages(bytes("[\"a\",\"\\u00e9\"]"), false)).containsExactly("a", "é");
        assertThat(SockJsFrames.messages(bytes("[]"), false)).isEmpty();
        assertThat(SockJsFrames.messages("\"lone\"", true)).containsExactly("lone");
    }

    @Test
    void anEmptyFrameIsPayloadExpectedAndAnythingElseBrokenJson() {
        assertThatThrownBy(() -> SockJsFrames.messages(new byte[0], false)).hasMessage("Payload expected.");
        for (String bad : List.of("[\"x", "{}", "[1]", "[\"a\",null]", "\"lone\"", "[[\"a\"]]", "[\"a\"] x")) {
            assertThatThrownBy(() -> SockJsFrames.messages(bytes(bad), false)).as(bad).hasMessage("Broken JSON encoding.");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
