package io.switchboard.json;

import java.util.List;
import java.util.Map;

/** A JSON object as written: every member in order, duplicates included (Go's decoder applies them one by one). */
public record JsonObject(List<Map.Entry<String, Object>> members) {
    public JsonObject {
        members = List.copyOf(members);
    }
}
