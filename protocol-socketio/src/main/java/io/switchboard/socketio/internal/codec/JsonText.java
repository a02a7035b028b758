package io.switchboard.socketio.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.json.JsonParsers;
import io.switchboard.json.JsonStrings;

import java.io.IOException;

/**
 * JSON bytes made compact without building values: whitespace between tokens goes, strings are written as
 * JSON.stringify writes them, numbers keep their digits. What publications carry into Socket.IO frames.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The compact form of one JSON value, or null when the bytes are not exactly one JSON value. */
    public static String compact(byte[] json) {
        StringBuilder out = new StringBuilder(json.length);
        try (JsonParser p = JsonParsers.over(json)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            int depth = 0;
            boolean needComma = false;
            do {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (needComma) out.append(',');
                        out.append(t == JsonToken.START_OBJECT ? '{' : '[');
                        depth++;
                        needComma = false;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        out.append(t == JsonToken.END_OBJECT ? '}' : ']');
                        depth--;
                        needComma = true;
                    }
                    case FIELD_NAME -> {
                        if (needComma) out.append(',');
                        JsonStrings.quote(p.currentName(), out);
                        out.append(':');
                        needComma = false;
                    }
                    default -> {
                        if (needComma) out.append(',');
                        if (t == JsonToken.VALUE_STRING) JsonStrings.quote(p.getText(), out);
                        else out.append(p.getText());
                        needComma = true;
                    }
                }
            } while (depth > 0 && (t = p.nextToken()) != null);
            if (depth != 0 || p.nextToken() != null) return null;
            return out.toString();
        } catch (IOException e) {
            return null;
        }
    }
}
