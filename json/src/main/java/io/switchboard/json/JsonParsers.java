package io.switchboard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.CharConversionException;
import java.io.IOException;

/** The one configured Jackson factory: every JSON Switchboard reads comes from a client, a backend or a token. */
public final class JsonParsers {
    /** Deep enough for any real payload, shallow enough that the tree reader's recursion never nears the stack's end. */
    public static final int MAX_NESTING_DEPTH = 500;
    public static final int MAX_NUMBER_LENGTH = 1000;
    public static final int MAX_STRING_LENGTH = 20_000_000;

    // Field names come from untrusted input, so they are never String.intern()ed. They are still canonicalised in
    // Jackson's bounded per-factory symbol table (it fails a parse on hash flooding): without it Jackson reads bytes
    // through a Reader, which turns invalid UTF-8 into U+FFFD and loses the byte offsets raw payloads are cut at.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build();

    private JsonParsers() {
    }

    /**
     * A parser over UTF-8 bytes; invalid UTF-8 is an error, and so are bytes that start with a BOM or hold a NUL in
     * their first four (Jackson would read those as UTF-16/32, or skip a BOM that a frame embedding the bytes keeps).
     * Byte offsets of tokens are those of the array.
     */
    public static JsonParser over(byte[] utf8) throws IOException {
        int b0 = utf8.length == 0 ? 0x20 : utf8[0] & 0xFF;
        boolean utf8Start = b0 != 0xEF && b0 != 0xFE && b0 != 0xFF;
        for (int i = 0; i < Math.min(4, utf8.length); i++) utf8Start &= utf8[i] != 0;
        if (!utf8Start) throw new CharConversionException("JSON must be UTF-8 without a BOM");
        return FACTORY.createParser(utf8);
    }

    public static JsonParser over(String json) throws IOException {
        return FACTORY.createParser(json);
    }
}
