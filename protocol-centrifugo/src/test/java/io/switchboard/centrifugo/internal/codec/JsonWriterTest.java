package io.switchboard.centrifugo.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer behind every JSON reply and push: valid JSON, valid UTF-8, whatever size the output grows to. */
class JsonWriterTest {
    private static byte[] write(int capacity, Consumer<JsonWriter> enc) {
        JsonWriter w = new JsonWriter(capacity);
        enc.accept(w);
        return w.toByteArray();
    }

    /** Decodes strictly: output that is not UTF-8 fails the test instead of turning into U+FFFD. */
    private static String text(Consumer<JsonWriter> enc) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(write(16, enc))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("not UTF-8", e);
        }
    }

    private static String stringValue(String s) {
        return text(w -> w.open().field("s").string(s).close());
    }

    /** A document that uses every kind of write, with values long enough to need growth several times. */
    private static void everything(JsonWriter w) {
        w.open().field("id").number(4294967295L).field("ok").bool(true).field("no").bool(false)
                .field("name with \"quotes\"").string("é€😀\u0001 " + "x".repeat(40))
                .field("list").openArray()
                .element().raw("{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8))
                .element().open().stringField("k", "v").numberField("n", -7).close()
                .element().openArray().closeArray()
                .element().raw(null)
                .closeArray()
                .rawField("payload", "[\"".concat("y".repeat(300)).concat("\"]").getBytes(StandardCharsets.UTF_8))
                .trueField("flag", true)
                .close();
    }

    @Test
    void writesTheSameBytesWhateverTheStartingCapacity() throws IOException {
        byte[] roomy = write(8192, JsonWriterTest::everything);
        assertParses(roomy);
        for (int capacity = 0; capacity <= 64; capacity++) {
            assertThat(write(capacity, JsonWriterTest::everything)).as("capacity %d", capacity).isEqualTo(roomy);
        }
        // Each piece alone from an empty buffer: every write makes its own room.
        assertThat(write(0, w -> w.open())).containsExactly('{');
        assertThat(write(0, w -> w.openArray().closeArray())).containsExactly('[', ']');
        assertThat(write(0, w -> w.openArray().element().number(1).element().number(2).closeArray()))
                .isEqualTo("[1,2]".getBytes(StandardCharsets.UTF_8));
        assertThat(write(0, w -> w.string(""))).isEqualTo("\"\"".getBytes(StandardCharsets.UTF_8));
        assertThat(write(0, w -> w.field("k"))).isEqualTo("\"k\":".getBytes(StandardCharsets.UTF_8));
        assertThat(write(0, w -> w.bool(false))).isEqualTo("false".getBytes(StandardCharsets.UTF_8));
        assertThat(write(0, w -> w.raw("123".getBytes(StandardCharsets.UTF_8)))).isEqualTo("123".getBytes(StandardCharsets.UTF_8));
        assertThat(write(1, w -> w.open().close())).containsExactly('{', '}');
        assertThat(write(3, w -> w.open().field("a").string("b").field("c").string("d").close()))
                .isEqualTo("{\"a\":\"b\",\"c\":\"d\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertParses(byte[] json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            p.skipChildren();
            assertThat(p.nextToken()).isNull();
        }
    }

    @Test
    void encodesEveryUtf8LengthAndEscapesOnlyWhatJsonRequires() {
        assertThat(stringValue(" ~\u007f")).isEqualTo("{\"s\":\" ~\u007f\"}");
        assertThat(stringValue("\u0000\u001f\t")).isEqualTo("{\"s\":\"\\u0000\\u001f\\u0009\"}");
        assertThat(stringValue("\"\\/")).isEqualTo("{\"s\":\"\\\"\\\\/\"}");
        // 2-byte, 3-byte and 4-byte sequences, each at the edges of its range
        String edges = "\u0080\u07ff\u0800\u20ac\uffff\ud800\udc00\ud83d\ude00\udbff\udfff";
        byte[] out = write(4, w -> w.string(edges));
        assertThat(out).isEqualTo(("\"" + edges + "\"").getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(write(0, w -> w.string("\u0080\u07ff\u0800\uffff\ud83d\ude00"))))
                .isEqualTo("22" + "c280" + "dfbf" + "e0a080" + "efbfbf" + "f09f9880" + "22");
        // Characters around a pair are not taken into it.
        assertThat(stringValue("\u4e2d\u6587a")).isEqualTo("{\"s\":\"\u4e2d\u6587a\"}");
    }

    @Test
    void escapesUnpairedSurrogatesSoTextFramesStayValidUtf8() throws IOException {
        // JSON input may hold "\ud83d" (a tag of a server API publish, a token's sub); its UTF-8 form would be
        // invalid in a text frame, which browsers answer by failing the WebSocket. The escape is exact.
        assertThat(text(w -> w.string("\ud83d"))).isEqualTo("\"\\ud83d\"");
        assertThat(text(w -> w.string("\ud83dx"))).isEqualTo("\"\\ud83dx\"");
        assertThat(text(w -> w.string("\ude00\ud83d"))).isEqualTo("\"\\ude00\\ud83d\"");
        assertThat(text(w -> w.string("a\udbff\u20ac"))).isEqualTo("\"a\\udbff\u20ac\"");
        assertThat(text(w -> w.string("\u20ac\udc00"))).isEqualTo("\"\u20ac\\udc00\"");
        byte[] json = write(0, w -> w.open().field("k").string("tag\udfff").close());
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            assertThat(p.getText()).isEqualTo("tag\udfff");
        }
    }

    @Test
    void copiesRawPayloadsWithoutTheLineBreaksThatWouldSplitTheFrame() {
        byte[] payload = "{\"a\":\r\n [1,\n2]}\r".getBytes(StandardCharsets.UTF_8);
        assertThat(text(w -> w.open().field("data").raw(payload).close())).isEqualTo("{\"data\":{\"a\": [1,2]}}");
        assertThat(text(w -> w.open().field("data").raw(null).close())).isEqualTo("{\"data\":null}");
    }

    @Test
    void leavesZeroValuesOut() {
        assertThat(text(w -> w.open().stringField("a", null).stringField("b", "").numberField("c", 0)
                .trueField("d", false).rawField("e", null).rawField("f", new byte[0]).close())).isEqualTo("{}");
        assertThat(text(w -> w.open().stringField("a", "x").numberField("c", -1).trueField("d", true)
                .rawField("f", new byte[] {'1'}).close())).isEqualTo("{\"a\":\"x\",\"c\":-1,\"d\":true,\"f\":1}");
    }

    @Test
    void startsAFreshDocumentAfterReset() {
        JsonWriter w = new JsonWriter(4);
        w.open().field("a").number(1).close();
        assertThat(w.length()).isEqualTo(7);
        assertThat(Arrays.copyOf(w.array(), w.length())).isEqualTo(w.toByteArray());
        w.reset();
        assertThat(w.length()).isZero();
        w.field("b").number(2);
        assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\"b\":2");
    }
}
