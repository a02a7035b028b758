package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ConfigSection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A section of the loaded tree (the empty name: the whole config), for the binder and for protocols; a value of
 * the wrong JSON type (reported by {@link KeyCheck}) reads as missing. An item of an object list is a view too:
 * named by its place ({@code pusher.apps[0]}) for errors, and by its declaration ({@code pusher.apps[]}) for types.
 */
final class SectionView implements ConfigSection {
    private final ObjectNode scope;
    private final String name;
    private final String declared;
    private final Problems problems;

    SectionView(ObjectNode root, String name, Problems problems) {
        this(name.isEmpty() ? root : objectAt(root, name), name, name, problems);
    }

    private SectionView(ObjectNode scope, String name, String declared, Problems problems) {
        this.scope = scope;
        this.name = name;
        this.declared = declared;
        this.problems = problems;
    }

    // A missing section, or one that is not an object (reported by KeyCheck), reads as empty.
    private static ObjectNode objectAt(ObjectNode root, String path) {
        JsonNode node = Trees.get(root, path);
        return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    static ValueType valueType(Type type) {
        return switch (type) {
            case STRING -> ValueType.STRING;
            case INTEGER -> ValueType.INTEGER;
            case BOOLEAN -> ValueType.BOOLEAN;
            case DURATION -> ValueType.DURATION;
            case STRING_LIST -> ValueType.STRING_LIST;
            case OBJECT_LIST -> ValueType.OBJECT_LIST;
            case STRING_MAP -> ValueType.STRING_MAP;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean has(String key) {
        return Trees.get(scope, key) != null;
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

    /** A {@link ValueType#STRINGS} key: one string is a list of one. */
    List<String> oneOrMany(String key) {
        JsonNode node = node(key, ValueType.STRINGS);
        if (node == null) return List.of();
        if (node.isTextual()) return List.of(node.textValue());
        List<String> values = new ArrayList<>();
        node.forEach(v -> {
            if (v.isTextual()) values.add(v.textValue()); // others were reported by KeyCheck
        });
        return values;
    }

    @Override
    public List<ConfigSection> items(String key) {
        JsonNode node = node(key, ValueType.OBJECT_LIST);
        if (node == null) return List.of();
        List<ConfigSection> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            // an item that is not an object is reported by KeyCheck and skipped, so the others are still checked
            if (node.get(i) instanceof ObjectNode item) {
                items.add(new SectionView(item, path(key) + "[" + i + "]", declaredPath(key) + "[]", problems));
            }
        }
        return Collections.unmodifiableList(items);
    }

    @Override
    public Map<String, String> stringMap(String key) {
        JsonNode node = node(key, ValueType.STRING_MAP);
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null) node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
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

    private String declaredPath(String key) {
        return declared.isEmpty() ? key : declared + "." + key;
    }

    /** The value of a declared key when it has the key's JSON type; null when missing or mistyped. */
    JsonNode node(String key, ValueType type) {
        String path = declaredPath(key);
        if (ConfigKeys.type(path) != type) throw new IllegalStateException(path + " is not a declared " + type + " key");
        JsonNode node = Trees.get(scope, key);
        return node != null && type.accepts(node) ? node : null;
    }
}
