package io.switchboard.json;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTreeTest {
    @Test
    void keepsMembersInOrderWithDuplicates() throws IOException {
        Object tree = JsonTree.parse("{\"b\":1,\"a\":2,\"b\":3}");
        assertThat(tree).isEqualTo(new JsonObject(List.of(
                new SimpleImmutableEntry<>("b", new JsonNumber("1")),
                new SimpleImmutableEntry<>("a", new JsonNumber("2")),
                new SimpleImmutableEntry<>("b", new JsonNumber("3")))));
    }

    @Test
    void keepsNumbersAsWrittenAndNullAsJavaNull() throws IOException {
        assertThat(JsonTree.parse("[1.50,-0,1e400,12345678901234567890123,null,true,\"s\"]")).isEqualTo(Arrays.asList(
                new JsonNumber("1.50"), new JsonNumber("-0"), new JsonNumber("1e400"),
                new JsonNumber("12345678901234567890123"), null, true, "s"));
        assertThat(new JsonNumber("10").integral()).isTrue();
        assertThat(new JsonNumber("1E1").integral()).isFalse();
    }

    @Test
    void refusesContentAfterTheValueAndEmptyInput() {
        assertThatThrownBy(() -> JsonTree.parse("{} {}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("1 x")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("  ")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("{\"a\":1,}")).isInstanceOf(IOException.class);
    }

    @Test
    void refusesNestingBeyondTheLimitWithAnErrorNotAStackOverflow() throws IOException {
        int limit = JsonParsers.MAX_NESTING_DEPTH;
        assertThat(JsonTree.parse("[".repeat(limit) + "]".repeat(limit))).isInstanceOf(List.class);
        String tooDeep = "[".repeat(limit + 1) + "]".repeat(limit + 1);
        assertThatThrownBy(() -> JsonTree.parse(tooDeep)).isInstanceOf(IOException.class);
        String hostile = "{\"a\":".repeat(1_000_000);
        assertThatThrownBy(() -> JsonTree.parse(hostile)).isInstanceOf(IOException.class);
    }

    @Test
    void readsInvalidUtf8AsReplacementCharacters() throws IOException {
        byte[] bytes = "\"a?b\"".getBytes(StandardCharsets.US_ASCII);
        bytes[2] = (byte) 0xff;
        assertThat(JsonTree.parse(bytes)).isEqualTo("a\ufffdb");
    }

    @Test
    void writesTheTreeBackAsItCame() throws IOException {
        String json = "{\"b\":1.50,\"a\":[null,true,\"x\\u0001\"],\"b\":-0}";
        assertThat(CompactJson.write(JsonTree.parse(json))).isEqualTo(json);
    }

    @Test
    void recognisesJsonNumberText() {
        assertThat(JsonNumber.isJsonNumber("-1.5e+3")).isTrue();
        assertThat(JsonNumber.isJsonNumber("01")).isFalse();
        assertThat(JsonNumber.isJsonNumber("1.")).isFalse();
        assertThat(JsonNumber.isJsonNumber("+1")).isFalse();
    }

    @Test
    void writesPlainValuesRawValuesAndRefusesOthers() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("n", 1.0);
        map.put("big", 1e21);
        map.put("raw", (RawValue) () -> "{\"k\":[1]}");
        map.put("arr", new Object[] {null, 'c', 7L});
        assertThat(CompactJson.write(map)).isEqualTo("{\"n\":1,\"big\":1e+21,\"raw\":{\"k\":[1]},\"arr\":[null,\"c\",7]}");
        assertThatThrownBy(() -> CompactJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
