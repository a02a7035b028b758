package io.switchboard.socketio.engine.internal;

import io.switchboard.socketio.engine.internal.PackedStringMap;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackedStringMapTest {
    @Test
    void findsEveryEntryAndKeepsTheirOrder() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("host", "127.0.0.1:8000");
        source.put("upgrade", "websocket");
        source.put("cookie", "x".repeat(300)); // a length past one byte
        source.put("x-empty", "");
        source.put("x-nul", "a\u0000b");
        source.put("x-utf", "żółw ☃");
        Map<String, String> packed = PackedStringMap.of(source);

        assertThat(packed).isInstanceOf(PackedStringMap.class).hasSize(6).isEqualTo(new HashMap<>(source));
        assertThat(packed.keySet()).containsExactly("host", "upgrade", "cookie", "x-empty", "x-nul", "x-utf");
        source.forEach((k, v) -> assertThat(packed.get(k)).isEqualTo(v));
        assertThat(packed.containsKey("x-empty")).isTrue();
        assertThat(packed.get("hos")).isNull();
        assertThat(packed.get("hostx")).isNull();
        assertThat(packed.get(42)).isNull();
        assertThat(packed.hashCode()).isEqualTo(source.hashCode());
    }

    @Test
    void isImmutableAndPackedOnce() {
        Map<String, String> packed = PackedStringMap.of(Map.of("a", "1"));
        assertThat(PackedStringMap.of(packed)).isSameAs(packed);
        assertThat(PackedStringMap.of(Map.of())).isEmpty();
        assertThatThrownBy(() -> packed.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> packed.entrySet().iterator().next().setValue("2"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnEntryItCannotMeasure() {
        assertThatThrownBy(() -> PackedStringMap.of(Map.of("big", "v".repeat(70_000))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
