package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shape check: every key known and of its type, sections are objects. Values are judged later. A key of
 * Centrifugo's that Switchboard does not serve is a warning, so a Centrifugo config starts as it is.
 */
final class KeyCheck {
    private final Problems problems;

    private KeyCheck(Problems problems) {
        this.problems = problems;
    }

    static void check(ObjectNode root, Problems problems) {
        new KeyCheck(problems).section(root, "", "");
    }

    /** {@code prefix} is where the section is ({@code pusher.apps[0]}), {@code declared} how its keys are declared ({@code pusher.apps[]}). */
    private void section(JsonNode node, String prefix, String declared) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            String declaredPath = declared.isEmpty() ? e.getKey() : declared + "." + e.getKey();
            JsonNode value = e.getValue();
            ValueType type = ConfigKeys.type(declaredPath);
            if (type != null) {
                value(path, declaredPath, type, value);
            } else if (ConfigKeys.isSection(declaredPath)) {
                if (value.isObject()) section(value, path, declaredPath);
                else problems.error(path, "expected an object, got " + ValueType.describe(value));
            } else {
                unknown(path, Suggestions.closest(path, candidates(prefix, declared)).orElse(null), prefix,
                        ConfigKeys.childrenOf(declared));
            }
        }
    }

    // Inside an item of an object list, suggest the item's own keys, at the item's place.
    private static Set<String> candidates(String prefix, String declared) {
        int item = declared.lastIndexOf(ConfigKeys.ITEM);
        if (item < 0) return ConfigKeys.allPaths();
        return ConfigKeys.itemPaths(declared.substring(0, item + ConfigKeys.ITEM.length()),
                prefix.substring(0, prefix.lastIndexOf(']') + 1));
    }

    private void value(String path, ValueType type, JsonNode value) {
        value(path, path, type, value);
    }

    private void value(String path, String declaredPath, ValueType type, JsonNode value) {
        if (!type.accepts(value)) {
            problems.error(path, "expected " + type.description() + ", got " + ValueType.describe(value));
        } else if (type == ValueType.STRING_LIST || type == ValueType.STRINGS && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    problems.error(path + "[" + i + "]", "expected a string, got " + ValueType.describe(value.get(i)));
                }
            }
        } else if (type == ValueType.NAMESPACE_LIST) {
            for (int i = 0; i < value.size(); i++) {
                namespace(path + "[" + i + "]", value.get(i));
            }
        } else if (type == ValueType.OBJECT_LIST) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isObject()) section(item, path + "[" + i + "]", declaredPath + ConfigKeys.ITEM);
                else problems.error(path + "[" + i + "]", "expected an object, got " + ValueType.describe(item));
            }
        } else if (type == ValueType.STRING_MAP) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isTextual()) {
                    problems.error(path + "." + e.getKey(), "expected a string, got " + ValueType.describe(e.getValue()));
                }
            }
        }
    }

    private void namespace(String prefix, JsonNode node) {
        if (!node.isObject()) {
            problems.error(prefix, "expected a namespace object, got " + ValueType.describe(node));
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix + "." + e.getKey();
            ChannelOptionFields.Field field = ChannelOptionFields.BY_KEY.get(e.getKey());
            if (e.getKey().equals(ConfigKeys.NAMESPACE_NAME) || e.getKey().equals(MapOptionFields.SUBSCRIPTION_TYPE)
                    || e.getKey().equals(MapOptionFields.CLIENTS_PRESENCE_PREFIX)) {
                value(path, ValueType.STRING, e.getValue());
            } else if (e.getKey().equals(MapOptionFields.MAP)) {
                mapBlock(path, e.getValue());
            } else if (e.getKey().equals(SharedPollBinder.BLOCK)) {
                block(path, e.getValue(), SharedPollBinder.KEYS);
            } else if (field != null) {
                value(path, field.type(), e.getValue());
            } else if (ProxiesBinder.NAMESPACE_KEYS.containsKey(e.getKey())) {
                value(path, ProxiesBinder.NAMESPACE_KEYS.get(e.getKey()), e.getValue());
            } else {
                Set<String> fields = namespaceFields();
                unknown(path, Suggestions.closest(e.getKey(), fields).map(s -> prefix + "." + s).orElse(null),
                        prefix, fields);
            }
        }
    }

    private void mapBlock(String prefix, JsonNode node) {
        block(prefix, node, MapOptionFields.KEYS);
    }

    private void block(String prefix, JsonNode node, Map<String, ValueType> known) {
        if (!node.isObject()) {
            problems.error(prefix, "expected an object, got " + ValueType.describe(node));
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix + "." + e.getKey();
            ValueType type = known.get(e.getKey());
            if (type != null) {
                value(path, type, e.getValue());
            } else {
                Set<String> keys = known.keySet();
                unknown(path, Suggestions.closest(e.getKey(), keys).map(s -> prefix + "." + s).orElse(null), prefix, keys);
            }
        }
    }

    private void unknown(String path, String suggestion, String prefix, Set<String> here) {
        if (CentrifugoKeys.known(path)) {
            problems.warning(path + ": a Centrifugo key that Switchboard does not serve yet; ignored");
            return;
        }
        String hint = suggestion != null ? "did you mean " + suggestion + "?"
                : (prefix.isEmpty() ? "known top-level keys: " : "known keys in " + prefix + ": ")
                        + String.join(", ", here);
        problems.error(path, "unknown key (" + hint + ")");
    }

    private static Set<String> namespaceFields() {
        Set<String> names = new LinkedHashSet<>();
        names.add(ConfigKeys.NAMESPACE_NAME);
        ChannelOptionFields.ALL.forEach(f -> names.add(f.key()));
        names.add(MapOptionFields.SUBSCRIPTION_TYPE);
        names.add(MapOptionFields.MAP);
        names.add(SharedPollBinder.BLOCK);
        names.add(MapOptionFields.CLIENTS_PRESENCE_PREFIX);
        names.addAll(ProxiesBinder.NAMESPACE_KEYS.keySet());
        return names;
    }
}
