package io.switchboard.centrifugo.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.json.JsonParsers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a frame of protocol v1 JSON commands, {@code {"id":1,"method":1,"params":{"channel":"news"}}}, one per
 * line, into the same {@link Command}s as v2's decoder. {@code method} may be absent (0, connect); a number v1
 * does not define becomes a command without method (answered 104). {@code params} is read as v2 reads the request
 * of that method, then stripped of what v1 cannot ask for.
 */
public final class V1JsonCommandDecoder {
    private V1JsonCommandDecoder() {
    }

    public static List<Command> decode(byte[] frame) throws DecodeException {
        List<Command> out = new ArrayList<>(2);
        try (JsonParser p = JsonParsers.over(frame)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) throw new DecodeException("command must be a JSON object");
                out.add(command(p, frame));
            }
        } catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage());
        }
        if (out.isEmpty()) throw new DecodeException("empty frame");
        return out;
    }

    private static Command command(JsonParser p, byte[] frame) throws IOException, DecodeException {
        long id = 0, number = 0;
        byte[] params = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id" -> id = integer(p, v, "id", 0, 0xFFFF_FFFFL);
                case "method" -> number = integer(p, v, "method", Integer.MIN_VALUE, Integer.MAX_VALUE); // an enum: int32
                case "params" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    if (v != JsonToken.START_OBJECT) throw new DecodeException("params must be an object");
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    params = Arrays.copyOfRange(frame, start, (int) p.currentLocation().getByteOffset());
                }
                default -> p.skipChildren();
            }
        }
        Method m = V1Wire.method(number);
        if (m == null) return new Command(id, null, null);
        return new Command(id, m, params == null ? V1Wire.bare(m) : V1Wire.v1Only(m, request(m, params)));
    }

    private static Object request(Method m, byte[] params) throws IOException, DecodeException {
        try (JsonParser q = JsonParsers.over(params)) {
            q.nextToken();
            return JsonCommandDecoder.request(m, q, params);
        }
    }

    private static long integer(JsonParser p, JsonToken v, String key, long min, long max) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NULL) return 0;
        if (v != JsonToken.VALUE_NUMBER_INT) throw new DecodeException(key + " must be an integer");
        long n;
        try {
            n = p.getLongValue();
        } catch (IOException e) {
            throw new DecodeException(key + " is out of range");
        }
        if (n < min || n > max) throw new DecodeException(key + " is out of range");
        return n;
    }
}
