package io.switchboard.centrifugo.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;

/** Whether a payload is exactly one JSON value, so it can be embedded raw in a JSON frame. */
public final class JsonValidity {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonValidity() {
    }

    public static boolean isJson(byte[] data) {
        if (data == null || data.length == 0) return false;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
