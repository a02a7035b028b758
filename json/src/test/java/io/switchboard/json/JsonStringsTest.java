package io.switchboard.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTest {
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        JsonStrings.quote(s, out);
        return out.toString();
    }

    private static String utf8(String s) {
        byte[] buf = new byte[JsonStrings.maxUtf8Length(s)];
        return new String(Arrays.copyOf(buf, JsonStrings.writeUtf8(s, buf, 0)), StandardCharsets.UTF_8);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAsJsonStringifyDoes() {
        assertThat(quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(quoted("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(quoted("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\u007f\"");
        assertThat(quoted("é€😀")).isEqualTo("\"é€😀\"");
    }

    @Test
    void escapesUnpairedSurrogatesAndKeepsPairs() {
        assertThat(quoted("\ud83d")).isEqualTo("\"\\ud83d\"");
        assertThat(quoted("\ude00x")).isEqualTo("\"\\ude00x\"");
        assertThat(quoted("\ude00\ud83d")).isEqualTo("\"\\ude00\\ud83d\"");
        assertThat(quoted("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    }

    @Test
    void writesUtf8WithEveryControlCharacterAsAUnicodeEscape() {
        assertThat(utf8("a\"\\\n\u0001")).isEqualTo("\"a\\\"\\\\\\u000a\\u0001\"");
        assertThat(utf8("é€😀")).isEqualTo("\"é€😀\"");
        assertThat(utf8("x\ud83d")).isEqualTo("\"x\\ud83d\"");
        assertThat(utf8("\ude00\ud83d\ude00")).isEqualTo("\"\\ude00😀\"");
    }

    @Test
    void neverWritesMoreThanItsBound() {
        String worst = "\u0001\ud800\uffff😀";
        assertThat(utf8(worst).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(JsonStrings.maxUtf8Length(worst));
    }
}
