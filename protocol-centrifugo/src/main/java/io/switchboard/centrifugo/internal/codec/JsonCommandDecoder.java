package io.switchboard.centrifugo.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.centrifugo.internal.filter.FilterNode;
import io.switchboard.core.StreamPosition;
import io.switchboard.json.JsonParsers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a frame of newline-delimited JSON commands. Payload fields ({@code data}) are kept as the exact
 * bytes of their JSON value, not re-serialised. Unknown fields are skipped, as Protobuf would; a field of
 * the wrong type is an error.
 */
public final class JsonCommandDecoder {
    private JsonCommandDecoder() {
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

    /** A bare ConnectRequest object: what unidirectional clients send instead of a command. */
    public static Requests.Connect decodeConnectRequest(byte[] json) throws DecodeException {
        try (JsonParser p = JsonParsers.over(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DecodeException("connect request must be a JSON object");
            Requests.Connect req = connect(p, json);
            if (p.nextToken() != null) throw new DecodeException("trailing data after the connect request");
            return req;
        } catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage());
        }
    }

    /**
     * An emulation request; its {@code data} is the commands' text, sent as a JSON string (as centrifuge-js
     * does) or as the raw JSON value.
     */
    public static Requests.Emulation decodeEmulation(byte[] json) throws DecodeException {
        String node = "", session = "";
        byte[] data = null;
        try (JsonParser p = JsonParsers.over(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DecodeException("emulation request must be an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "node" -> node = str(p, v, key);
                    case "session" -> session = str(p, v, key);
                    case "data" -> data = v == JsonToken.VALUE_STRING
                            ? p.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8) : raw(p, v, json);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage());
        }
        if (session.isEmpty() || data == null) throw new DecodeException("session and data are required");
        return new Requests.Emulation(node, session, data);
    }

    private static Command command(JsonParser p, byte[] src) throws IOException, DecodeException {
        long id = 0;
        Object[] requests = new Object[Method.values().length];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("id")) {
                id = uint(p, v, "id");
                continue;
            }
            Method m = method(name);
            if (m == null || v == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            if (v != JsonToken.START_OBJECT) throw new DecodeException(name + " must be an object");
            requests[m.ordinal()] = request(m, p, src);
        }
        for (Method m : Method.values()) {
            if (requests[m.ordinal()] != null) return new Command(id, m, requests[m.ordinal()]);
        }
        return new Command(id, null, null);
    }

    private static Method method(String key) {
        for (Method m : Method.values()) if (m.key().equals(key)) return m;
        return null;
    }

    /** One request object, the parser on its START_OBJECT; protocol v1 reads its {@code params} with it too. */
    static Object request(Method m, JsonParser p, byte[] src) throws IOException, DecodeException {
        return switch (m) {
            case CONNECT -> connect(p, src);
            case SUBSCRIBE -> subscribe(p, src);
            case UNSUBSCRIBE, PRESENCE, PRESENCE_STATS -> new Requests.ChannelOnly(fields(p, src).str("channel"));
            case PUBLISH -> {
                Fields f = fields(p, src);
                yield new Requests.Publish(f.str("channel"), f.raw("data"), f.int32("type"), f.str("key"),
                        f.bool("removed"));
            }
            case HISTORY -> history(p, src);
            case PING -> {
                p.skipChildren();
                yield Boolean.TRUE;
            }
            case SEND -> new Requests.Send(fields(p, src).raw("data"));
            case RPC -> {
                Fields f = fields(p, src);
                yield new Requests.Rpc(f.raw("data"), f.str("method"));
            }
            case REFRESH -> new Requests.Refresh(fields(p, src).str("token"));
            case SUB_REFRESH -> subRefresh(p, src);
        };
    }

    private static Requests.Connect connect(JsonParser p, byte[] src) throws IOException, DecodeException {
        String token = "", name = "", version = "";
        byte[] data = null;
        Map<String, Requests.Subscribe> subs = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "token" -> token = str(p, v, key);
                case "data" -> data = raw(p, v, src);
                case "name" -> name = str(p, v, key);
                case "version" -> version = str(p, v, key);
                case "subs" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    expect(v, JsonToken.START_OBJECT, key);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String channel = p.currentName();
                        expect(p.nextToken(), JsonToken.START_OBJECT, "subs." + channel);
                        subs.put(channel, subscribe(p, src).onChannel(channel));
                    }
                }
                case "headers" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    expect(v, JsonToken.START_OBJECT, key);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String h = p.currentName();
                        headers.put(h, str(p, p.nextToken(), "headers." + h));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Requests.Connect(token, data, subs, name, version, headers);
    }

    private static Requests.Subscribe subscribe(JsonParser p, byte[] src) throws IOException, DecodeException {
        FilterNode[] tf = new FilterNode[1];
        Fields f = fields(p, src, (key, v) -> {
            if (!key.equals("tf")) return false;
            tf[0] = v == JsonToken.VALUE_NULL ? null : filter(p, v);
            return true;
        });
        return new Requests.Subscribe(f.str("channel"), f.str("token"), f.bool("recover"), f.str("epoch"),
                f.uint("offset"), f.raw("data"), f.bool("positioned"), f.bool("recoverable"),
                f.bool("join_leave"), f.str("delta"), tf[0], f.int64("flag"), f.int32("type"), f.int32("phase"),
                f.str("cursor"), f.int32("limit"), f.bool("asc"));
    }

    private static Requests.SubRefresh subRefresh(JsonParser p, byte[] src) throws IOException, DecodeException {
        List<Requests.TrackBatch> track = new ArrayList<>();
        List<String> untrack = new ArrayList<>();
        Fields f = fields(p, src, (key, v) -> {
            if (key.equals("track")) {
                if (v == JsonToken.VALUE_NULL) return true;
                expect(v, JsonToken.START_ARRAY, key);
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) track.add(trackBatch(p, v));
                return true;
            }
            if (key.equals("untrack")) {
                if (v == JsonToken.VALUE_NULL) return true;
                expect(v, JsonToken.START_ARRAY, key);
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) untrack.add(str(p, v, key));
                return true;
            }
            return false;
        });
        return new Requests.SubRefresh(f.str("channel"), f.str("token"), f.int32("type"), track, untrack);
    }

    private static Requests.TrackBatch trackBatch(JsonParser p, JsonToken start) throws IOException, DecodeException {
        expect(start, JsonToken.START_OBJECT, "track");
        String signature = "";
        List<Requests.KeyedItem> items = new ArrayList<>();
        JsonToken v;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            v = p.nextToken();
            if (key.equals("signature")) {
                signature = str(p, v, key);
            } else if (key.equals("items") && v != JsonToken.VALUE_NULL) {
                expect(v, JsonToken.START_ARRAY, key);
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) items.add(keyedItem(p, v));
            } else {
                p.skipChildren();
            }
        }
        return new Requests.TrackBatch(signature, items);
    }

    private static Requests.KeyedItem keyedItem(JsonParser p, JsonToken start) throws IOException, DecodeException {
        expect(start, JsonToken.START_OBJECT, "items");
        String key = "";
        long version = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("key")) key = str(p, v, name);
            else if (name.equals("version")) version = integer(p, v, name);
            else p.skipChildren();
        }
        if (version < 0) throw new DecodeException("version must be a non-negative integer");
        return new Requests.KeyedItem(key, version);
    }

    /** A FilterNode object; the parser's nesting limit bounds the depth, the filter's own checks come later. */
    private static FilterNode filter(JsonParser p, JsonToken start) throws IOException, DecodeException {
        expect(start, JsonToken.START_OBJECT, "tf");
        String op = "", key = "", cmp = "", val = "";
        List<String> vals = new ArrayList<>();
        List<FilterNode> nodes = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "op" -> op = str(p, v, "tf.op");
                case "key" -> key = str(p, v, "tf.key");
                case "cmp" -> cmp = str(p, v, "tf.cmp");
                case "val" -> val = str(p, v, "tf.val");
                case "vals" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    expect(v, JsonToken.START_ARRAY, "tf.vals");
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        vals.add(str(p, t, "tf.vals[]"));
                    }
                }
                case "nodes" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    expect(v, JsonToken.START_ARRAY, "tf.nodes");
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        nodes.add(filter(p, t));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new FilterNode(op, key, cmp, val, vals, nodes);
    }

    private static Requests.History history(JsonParser p, byte[] src) throws IOException, DecodeException {
        String channel = "";
        long limit = 0;
        boolean reverse = false;
        StreamPosition since = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "channel" -> channel = str(p, v, key);
                case "limit" -> limit = integer(p, v, key);
                case "reverse" -> reverse = bool(p, v, key);
                case "since" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    expect(v, JsonToken.START_OBJECT, key);
                    Fields f = fields(p, src);
                    since = new StreamPosition(f.uint("offset"), f.str("epoch"));
                }
                default -> p.skipChildren();
            }
        }
        int clamped = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit));
        return new Requests.History(channel, clamped, since, reverse);
    }

    /** Reads the flat fields of an object: strings, booleans, integers, and raw payloads. */
    private static Fields fields(JsonParser p, byte[] src) throws IOException, DecodeException {
        return fields(p, src, (key, v) -> false);
    }

    /** A field the caller reads itself (an object or array among flat fields); false: not one of those. */
    private interface NestedField {
        boolean read(String key, JsonToken v) throws IOException, DecodeException;
    }

    private static Fields fields(JsonParser p, byte[] src, NestedField nested) throws IOException, DecodeException {
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (nested.read(key, v)) continue;
            switch (v) {
                case VALUE_STRING -> f.values.put(key, p.getText());
                case VALUE_TRUE, VALUE_FALSE -> f.values.put(key, v == JsonToken.VALUE_TRUE);
                case VALUE_NUMBER_INT -> f.values.put(key, p.getNumberValue());
                case VALUE_NULL -> { }
                default -> { }
            }
            if (key.equals("data") && v != JsonToken.VALUE_NULL) {
                f.values.put(key, raw(p, v, src));
            } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY || v == JsonToken.VALUE_NUMBER_FLOAT) {
                f.values.put(key, v);
                p.skipChildren();
            }
        }
        return f;
    }

    private static final class Fields {
        final Map<String, Object> values = new LinkedHashMap<>();

        String str(String key) throws DecodeException {
            Object v = values.get(key);
            if (v == null) return "";
            if (v instanceof String s) return s;
            throw new DecodeException(key + " must be a string");
        }

        boolean bool(String key) throws DecodeException {
            Object v = values.get(key);
            if (v == null) return false;
            if (v instanceof Boolean b) return b;
            throw new DecodeException(key + " must be a boolean");
        }

        long uint(String key) throws DecodeException {
            Object v = values.get(key);
            if (v == null) return 0;
            if (v instanceof Number n && n.longValue() >= 0 && !(n instanceof java.math.BigInteger)) return n.longValue();
            throw new DecodeException(key + " must be a non-negative integer");
        }

        long int64(String key) throws DecodeException {
            Object v = values.get(key);
            if (v == null) return 0;
            if (v instanceof Number n && !(n instanceof java.math.BigInteger)) return n.longValue();
            throw new DecodeException(key + " must be an int64");
        }

        int int32(String key) throws DecodeException {
            Object v = values.get(key);
            if (v == null) return 0;
            if (v instanceof Integer n) return n;
            throw new DecodeException(key + " must be an int32");
        }

        byte[] raw(String key) {
            Object v = values.get(key);
            return v instanceof byte[] b ? b : null;
        }
    }

    private static byte[] raw(JsonParser p, JsonToken v, byte[] src) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) p.skipChildren();
        else p.finishToken();
        int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(src, start, end);
    }

    private static void expect(JsonToken actual, JsonToken expected, String key) throws DecodeException {
        if (actual != expected) throw new DecodeException(key + " has the wrong type");
    }

    private static String str(JsonParser p, JsonToken v, String key) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NULL) return "";
        if (v != JsonToken.VALUE_STRING) throw new DecodeException(key + " must be a string");
        return p.getText();
    }

    private static boolean bool(JsonParser p, JsonToken v, String key) throws DecodeException {
        if (v == JsonToken.VALUE_NULL || v == JsonToken.VALUE_FALSE) return false;
        if (v == JsonToken.VALUE_TRUE) return true;
        throw new DecodeException(key + " must be a boolean");
    }

    private static long uint(JsonParser p, JsonToken v, String key) throws IOException, DecodeException {
        long n = integer(p, v, key);
        if (n < 0 || n > 0xFFFF_FFFFL) throw new DecodeException(key + " must be a uint32");
        return n;
    }

    private static long integer(JsonParser p, JsonToken v, String key) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NULL) return 0;
        if (v != JsonToken.VALUE_NUMBER_INT) throw new DecodeException(key + " must be an integer");
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw new DecodeException(key + " is out of range");
        }
    }
}
