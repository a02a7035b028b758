package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON shape a key takes. Element types of lists are checked one by one, to name the bad element. */
enum ValueType {
    STRING("a string"),
    INTEGER("an integer"),
    BOOLEAN("a boolean"),
    DURATION("a duration (string like \"25s\" or seconds as a number)"),
    STRING_LIST("a list of strings"),
    /** One string, or a list of them (Redis addresses). */
    STRINGS("a string or a list of strings"),
    NAMESPACE_LIST("a list of namespace objects"),
    OBJECT_LIST("a list of objects"),
    STRING_MAP("an object of strings");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    boolean accepts(JsonNode node) {
        return switch (this) {
            case STRING -> node.isTextual();
            case INTEGER -> node.isIntegralNumber();
            case BOOLEAN -> node.isBoolean();
            case DURATION -> node.isTextual() || node.isNumber();
            case STRING_LIST, NAMESPACE_LIST, OBJECT_LIST -> node.isArray();
            case STRINGS -> node.isTextual() || node.isArray();
            case STRING_MAP -> node.isObject();
        };
    }

    /** What a value is, for "expected X, got Y" messages. */
    static String describe(JsonNode node) {
        if (node.isTextual()) return "a string (" + node + ")";
        if (node.isIntegralNumber()) return "an integer (" + node + ")";
        if (node.isNumber()) return "a decimal number (" + node + ")";
        if (node.isBoolean()) return "a boolean (" + node + ")";
        if (node.isArray()) return "a list";
        if (node.isObject()) return "an object";
        if (node.isNull()) return "null";
        return node.getNodeType().name().toLowerCase();
    }
}
