package io.switchboard.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParsersTest {
    @Test
    void givesByteOffsetsOfTokensInUtf8Input() throws IOException {
        byte[] json = "{\"é\":[1]}".getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = JsonParsers.over(json)) {
            p.nextToken();
            p.nextToken();
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.currentTokenLocation().getByteOffset()).isEqualTo(6);
        }
    }

    @Test
    void refusesInvalidUtf8InBytes() {
        byte[] json = {'"', (byte) 0xff, '"'};
        assertThatThrownBy(() -> {
            try (JsonParser p = JsonParsers.over(json)) {
                p.nextToken();
                p.getText();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void doesNotInternFieldNames() throws IOException {
        String name = "field-" + System.nanoTime();
        String pooled = new String(name).intern(); // the pool now holds an instance the parser never saw
        try (JsonParser p = JsonParsers.over(("{\"" + name + "\":1}").getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            p.nextToken();
            assertThat(p.currentName()).isEqualTo(name).isNotSameAs(pooled);
        }
    }

    /** Jackson would guess UTF-16/32 from these, or skip a UTF-8 BOM that a JSON frame then carries inside. */
    @Test
    void refusesBytesThatStartWithABomOrNul() {
        byte[][] frames = {
                {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'},
                {(byte) 0xFE, (byte) 0xFF, 0, '1'},
                {(byte) 0xFF, (byte) 0xFE, '1', 0},
                {0, '1'},
                {'"', 0, '"'},
        };
        for (byte[] frame : frames) {
            assertThatThrownBy(() -> {
                try (JsonParser p = JsonParsers.over(frame)) {
                    while (p.nextToken() != null) {
                        p.skipChildren();
                    }
                }
            }).as("%s", java.util.Arrays.toString(frame)).isInstanceOf(IOException.class);
        }
    }
}
