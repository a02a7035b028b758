package io.switchboard.centrifugo.internal.codec;

import io.switchboard.json.JsonStrings;

import java.util.Arrays;

/**
 * A small append-only JSON writer over a growable byte array. Callers place commas themselves through
 * {@link #field}; raw payloads are copied as they are, minus newlines (JSON whitespace) so that the
 * newline framing of several replies in one frame survives.
 */
public final class JsonWriter {
    private byte[] buf;
    private int len;
    private boolean needComma;

    public JsonWriter(int capacity) {
        buf = new byte[capacity];
    }

    public JsonWriter open() {
        ensure(1);
        buf[len++] = '{';
        needComma = false;
        return this;
    }

    public JsonWriter close() {
        ensure(1);
        buf[len++] = '}';
        needComma = true;
        return this;
    }

    public JsonWriter openArray() {
        ensure(1);
        buf[len++] = '[';
        needComma = false;
        return this;
    }

    public JsonWriter closeArray() {
        ensure(1);
        buf[len++] = ']';
        needComma = true;
        return this;
    }

    /** Starts an array element (a comma when needed). */
    public JsonWriter element() {
        if (needComma) {
            ensure(1);
            buf[len++] = ',';
        }
        needComma = false;
        return this;
    }

    /** Writes {@code ,"name":} as needed; the value follows. */
    public JsonWriter field(String name) {
        ensure(JsonStrings.maxUtf8Length(name) + 2);
        if (needComma) buf[len++] = ',';
        len = JsonStrings.writeUtf8(name, buf, len);
        buf[len++] = ':';
        needComma = false;
        return this;
    }

    public JsonWriter string(String value) {
        ensure(JsonStrings.maxUtf8Length(value));
        len = JsonStrings.writeUtf8(value, buf, len);
        needComma = true;
        return this;
    }

    public JsonWriter number(long value) {
        return ascii(Long.toString(value));
    }

    public JsonWriter bool(boolean value) {
        return ascii(value ? "true" : "false");
    }

    /** Copies an already-encoded JSON value; null writes {@code null}. */
    public JsonWriter raw(byte[] json) {
        if (json == null) return ascii("null");
        ensure(json.length);
        for (byte b : json) if (b != '\n' && b != '\r') buf[len++] = b;
        needComma = true;
        return this;
    }

    public JsonWriter stringField(String name, String value) {
        return value == null || value.isEmpty() ? this : field(name).string(value);
    }

    public JsonWriter numberField(String name, long value) {
        return value == 0 ? this : field(name).number(value);
    }

    public JsonWriter trueField(String name, boolean value) {
        return value ? field(name).bool(true) : this;
    }

    public JsonWriter rawField(String name, byte[] json) {
        return json == null || json.length == 0 ? this : field(name).raw(json);
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public byte[] array() {
        return buf;
    }

    public void reset() {
        len = 0;
        needComma = false;
    }

    private JsonWriter ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
        needComma = true;
        return this;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
}
