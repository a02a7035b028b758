package io.switchboard.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code channel.*} → {@link ChannelRules}, with the checks Centrifugo makes on namespaces. */
final class ChannelsBinder {
    static final Pattern NAMESPACE_NAME = Pattern.compile("^[-a-zA-Z0-9_]{2,}$");

    private final Problems problems;

    ChannelsBinder(Problems problems) {
        this.problems = problems;
    }

    /** Null when something was wrong (and reported). */
    ChannelRules bind(Integer maxLength, JsonNode withoutNamespace, JsonNode namespaces, JsonNode unlisted) {
        ChannelOptions top = options(withoutNamespace, ConfigKeys.WITHOUT_NAMESPACE, "channels without namespace");
        ChannelOptions other = unlisted == null ? null
                : options(unlisted, ConfigKeys.UNLISTED_NAMESPACES, "namespaces not listed");
        Map<String, ChannelOptions> byName = new LinkedHashMap<>();
        Map<String, Integer> indexOf = new LinkedHashMap<>();
        for (int i = 0; namespaces != null && i < namespaces.size(); i++) {
            JsonNode ns = namespaces.get(i);
            if (!ns.isObject()) continue; // reported by KeyCheck
            String prefix = ConfigKeys.NAMESPACES + "[" + i + "]";
            String name = name(ns, prefix, indexOf, i);
            ChannelOptions options = options(ns, prefix,
                    name != null ? "namespace \"" + name + "\"" : "namespace " + prefix);
            boolean[] ok = {true};
            io.switchboard.core.MapOptions map = MapOptionFields.bind(ns, prefix, problems, ok);
            if (!ok[0]) options = null;
            else if (map != null && options != null) options = options.toBuilder().map(map).build();
            if (name != null && options != null) byName.put(name, options);
        }
        if (problems.hasErrors() || maxLength == null || top == null) return null;
        ChannelRules rules = new ChannelRules(maxLength, top, byName);
        return other == null ? rules : rules.withUnlisted(other);
    }

    private String name(JsonNode ns, String prefix, Map<String, Integer> indexOf, int index) {
        JsonNode node = ns.get(ConfigKeys.NAMESPACE_NAME);
        String key = prefix + "." + ConfigKeys.NAMESPACE_NAME;
        if (node == null) {
            problems.error(key, "missing: every namespace needs a name");
            return null;
        }
        if (!node.isTextual()) return null;
        String name = node.textValue();
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            problems.error(key, node + " must match " + NAMESPACE_NAME.pattern());
            return null;
        }
        Integer first = indexOf.putIfAbsent(name, index);
        if (first != null) {
            problems.error(key, "duplicate namespace " + node + " (also " + ConfigKeys.NAMESPACES + "[" + first + "])");
            return null;
        }
        return name;
    }

    /** The options in {@code node} over Centrifugo's defaults; null when one of them was bad. */
    private ChannelOptions options(JsonNode node, String prefix, String label) {
        ChannelOptions.Builder b = ChannelOptions.builder();
        boolean ok = true;
        for (ChannelOptionFields.Field f : ChannelOptionFields.ALL) {
            JsonNode v = node == null || !node.isObject() ? null : node.get(f.key());
            if (v == null || !f.type().accepts(v)) continue;
            String key = prefix + "." + f.key();
            Object value = switch (f.type()) {
                case BOOLEAN -> v.booleanValue();
                case INTEGER -> Values.integer(v, key, 0, Integer.MAX_VALUE, problems);
                case DURATION -> Values.duration(v, key, problems);
                case STRING_LIST -> Values.deltaTypes(v, key, problems);
                default -> throw new IllegalStateException("no channel option of type " + f.type());
            };
            if (value == null) ok = false;
            else f.set().accept(b, value);
        }
        if (!ok) return null;
        ChannelOptions o = b.build();
        return checkHistory(o, prefix, label) ? o : null;
    }

    private boolean checkHistory(ChannelOptions o, String prefix, String label) {
        boolean size = o.historySize() > 0;
        boolean ttl = o.historyTtl().toMillis() > 0;
        boolean ok = true;
        if (size && !ttl) {
            problems.error(prefix + ".history_ttl", "history_size is " + o.historySize()
                    + " but history_ttl is not set (" + label + "): set both to keep history, or neither");
            ok = false;
        }
        if (ttl && !size) {
            problems.error(prefix + ".history_size", "history_ttl is " + Durations.format(o.historyTtl())
                    + " but history_size is not set (" + label + "): set both to keep history, or neither");
            ok = false;
        }
        if (o.forceRecovery() && !size && !ttl) {
            problems.error(prefix + ".force_recovery", "recovery needs history (" + label
                    + "): set history_size and history_ttl");
            ok = false;
        }
        return ok;
    }
}
