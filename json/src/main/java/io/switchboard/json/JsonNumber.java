package io.switchboard.json;

import java.util.regex.Pattern;

/** A JSON number kept as its text, so that it is written back as it came and read at whatever width the reader needs. */
public record JsonNumber(String text) {
    private static final Pattern GRAMMAR = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    public boolean integral() {
        return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    /** Whether text follows JSON's number grammar exactly. */
    public static boolean isJsonNumber(String text) {
        return GRAMMAR.matcher(text).matches();
    }
}
