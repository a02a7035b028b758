package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link BenchResult} as pretty-printed snake_case JSON. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String toJson(BenchResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(BenchResult result, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), result);
    }
}
