package io.switchboard.centrifugo.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import io.switchboard.json.JsonParsers;

import java.io.IOException;

/** Whether a payload is exactly one JSON value, so it can be embedded raw in a JSON frame. */
public final class JsonValidity {
    private JsonValidity() {
    }

    public static boolean isJson(byte[] data) {
        if (data == null || data.length == 0) return false;
        try (JsonParser p = JsonParsers.over(data)) {
            if (p.nextToken() == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
