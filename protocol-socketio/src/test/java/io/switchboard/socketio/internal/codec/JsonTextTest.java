package io.switchboard.socketio.internal.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {
    private static String compact(String json) {
        return JsonText.compact(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dropsWhitespaceKeepsDigitsAndOrder() {
        assertThat(compact(" { \"text\" : \"hi there\" ,\n \"n\" : 1.50 , \"l\" : [ 1 , { } , [ ] ] } "))
                .isEqualTo("{\"text\":\"hi there\",\"n\":1.50,\"l\":[1,{},[]]}");
        assertThat(compact("\"a\\u00e9\"")).isEqualTo("\"aé\"");
        assertThat(compact("42")).isEqualTo("42");
    }

    @Test
    void saysWhenBytesAreNotOneJsonValue() {
        assertThat(compact("")).isNull();
        assertThat(compact("{\"a\":1} {")).isNull();
        assertThat(compact("[1,2")).isNull();
        assertThat(JsonText.compact(new byte[] {0, 1, 2})).isNull();
    }
}
