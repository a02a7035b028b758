package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * Converts a value that already has the right JSON type (see {@link KeyCheck}) and judges its range; a bad value
 * is reported under its key and comes back as null.
 */
final class Values {
    private Values() {
    }

    static Integer integer(JsonNode node, String key, long min, long max, Problems problems) {
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            problems.error(key, node + (max == Integer.MAX_VALUE ? " must be at least " + min
                    : " is out of range (" + min + ".." + max + ")"));
            return null;
        }
        return node.intValue();
    }

    /** {@code allowed_delta_types}: a list of the delta encodings this server knows (only "fossil"). */
    static java.util.List<String> deltaTypes(JsonNode node, String key, Problems problems) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !item.textValue().equals("fossil")) {
                problems.error(key, item + " is not a delta type (allowed: fossil)");
                return null;
            }
            out.add(item.textValue());
        }
        return out;
    }

    static Duration duration(JsonNode node, String key, Problems problems) {
        Optional<Duration> d = node.isNumber() ? Durations.seconds(node.decimalValue())
                : Durations.parse(node.textValue());
        if (d.isEmpty()) {
            problems.error(key, node + " is not a duration (" + Durations.HINT + ")");
            return null;
        }
        return d.get();
    }
}
