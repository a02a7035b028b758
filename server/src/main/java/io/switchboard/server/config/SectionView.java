package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ConfigSection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A section of the loaded tree (the empty name: the whole config), for the binder and for protocols; a value of the wrong JSON type (reported by {@link KeyCheck}) reads as missing. */
final class SectionView implements ConfigSection {
    private final ObjectNode root;
    private final String name;
    private final Problems problems;

    SectionView(ObjectNode root, String name, Problems problems) {
        this.root = root;
        this.name = name;
        this.problems = problems;
    }

    static ValueType valueType(Type type) {
        return switch (type) {
            case STRING -> ValueType.STRING;
            case INTEGER -> ValueType.INTEGER;
            case BOOLEAN -> ValueType.BOOLEAN;
            case DURATION -> ValueType.DURATION;
            case STRING_LIST -> ValueType.STRING_LIST;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean has(String key) {
        return Trees.get(root, path(key)) != null;
    }

    @Override
    public String string(String key, String defaultValue) {
        JsonNode node = node(key, ValueType.STRING);
        return node == null ? defaultValue : node.textValue();
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        JsonNode node = node(key, ValueType.BOOLEAN);
        return node == null ? defaultValue : node.booleanValue();
    }

    @Override
    public Integer integer(String key, int defaultValue, long min, long max) {
        JsonNode node = node(key, ValueType.INTEGER);
        return node == null ? Integer.valueOf(defaultValue) : Values.integer(node, path(key), min, max, problems);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        JsonNode node = node(key, ValueType.DURATION);
        return node == null ? defaultValue : Values.duration(node, path(key), problems);
    }

    @Override
    public List<String> strings(String key, List<String> defaultValue) {
        if (!has(key)) return defaultValue;
        JsonNode node = node(key, ValueType.STRING_LIST);
        List<String> values = new ArrayList<>();
        if (node != null) node.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Override
    public void error(String key, String message) {
        problems.error(path(key), message);
    }

    @Override
    public boolean hasErrors() {
        return problems.hasErrors();
    }

    private String path(String key) {
        return name.isEmpty() ? key : name + "." + key;
    }

    /** The value of a declared key when it has the key's JSON type; null when missing or mistyped. */
    JsonNode node(String key, ValueType type) {
        String path = path(key);
        if (ConfigKeys.type(path) != type) throw new IllegalStateException(path + " is not a declared " + type + " key");
        JsonNode node = Trees.get(root, path);
        return node != null && type.accepts(node) ? node : null;
    }
}
