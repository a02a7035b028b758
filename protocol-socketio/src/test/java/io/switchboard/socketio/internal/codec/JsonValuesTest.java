package io.switchboard.socketio.internal.codec;

import io.switchboard.socketio.RawJson;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {
    private static String js(Object value) {
        return JsonValues.write(value, new ArrayList<>());
    }

    @Test
    void writesNumbersAsJavaScriptDoes() {
        assertThat(js(1.0)).isEqualTo("1");
        assertThat(js(-0.0)).isEqualTo("0");
        assertThat(js(1000.0)).isEqualTo("1000");
        assertThat(js(1.5)).isEqualTo("1.5");
        assertThat(js(0.1)).isEqualTo("0.1");
        assertThat(js(123.456)).isEqualTo("123.456");
        assertThat(js(1e21)).isEqualTo("1e+21");
        assertThat(js(1e20)).isEqualTo("100000000000000000000");
        assertThat(js(1.2345678901234568e20)).isEqualTo("123456789012345680000");
        assertThat(js(0.000001)).isEqualTo("0.000001");
        assertThat(js(1e-7)).isEqualTo("1e-7");
        assertThat(js(-2.5e-8)).isEqualTo("-2.5e-8");
        assertThat(js(Double.NaN)).isEqualTo("null");
        assertThat(js(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(js(12)).isEqualTo("12");
        assertThat(js(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
        assertThat(js(1.5f)).isEqualTo("1.5");
    }

    @Test
    void writesStringsAsJsonStringifyDoes() {
        assertThat(js("a\"b\\c\n\t\u0001é€😀")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001é€😀\"");
        assertThat(js("\ud800")).isEqualTo("\"\\ud800\"");
        assertThat(js("/")).isEqualTo("\"/\"");
    }

    @Test
    void keepsKeyOrderAndReadsBack() throws Exception {
        Object parsed = JsonValues.parse("{ \"b\" : 1 , \"a\" : [ true , null , 1.0 , \"x\" ] , \"c\" : {} }");
        assertThat(js(parsed)).isEqualTo("{\"b\":1,\"a\":[true,null,1,\"x\"],\"c\":{}}");
        assertThat(JsonValues.parse("9007199254740993")).isEqualTo(9007199254740993L);
        assertThat(JsonValues.parse("123456789012345678901234567890")).isInstanceOf(BigInteger.class);
    }

    @Test
    void refusesWhatJsonParseRefuses() {
        for (String bad : new String[] {"", "[1]x", "{a:1}", "[1,]", "'x'", "[" .repeat(300)}) {
            assertThatThrownBy(() -> JsonValues.parse(bad)).as(bad).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void replacesBinaryWithNumberedPlaceholdersInOrder() {
        List<byte[]> attachments = new ArrayList<>();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", new byte[] {1});
        value.put("b", List.of(new byte[] {2}, "x"));
        assertThat(JsonValues.write(value, attachments))
                .isEqualTo("{\"a\":{\"_placeholder\":true,\"num\":0},\"b\":[{\"_placeholder\":true,\"num\":1},\"x\"]}");
        assertThat(attachments).hasSize(2);
        assertThat(JsonValues.hasBinary(value)).isTrue();
        assertThat(JsonValues.hasBinary(List.of("x", Map.of("y", 1)))).isFalse();
    }

    @Test
    void refusesObjectsItCannotWrite() {
        assertThatThrownBy(() -> js(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThat(js(new RawJson("{\"pre\":1}"))).isEqualTo("{\"pre\":1}");
    }
}
