package io.switchboard.centrifugo.internal.filter;

import java.util.List;

/**
 * A tags filter as a client sends it ({@code SubscribeRequest.tf}): a leaf ({@code op} empty) compares the tag
 * {@code key} with {@code cmp}; {@code and}, {@code or} and {@code not} combine {@code nodes}. Unchecked: see
 * {@link TagsFilter#compile}.
 */
public record FilterNode(String op, String key, String cmp, String val, List<String> vals, List<FilterNode> nodes) {
    public FilterNode {
        op = op == null ? "" : op;
        key = key == null ? "" : key;
        cmp = cmp == null ? "" : cmp;
        val = val == null ? "" : val;
        vals = vals == null ? List.of() : List.copyOf(vals);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    public static FilterNode leaf(String key, String cmp, String val) {
        return new FilterNode("", key, cmp, val, List.of(), List.of());
    }

    public static FilterNode leaf(String key, String cmp, List<String> vals) {
        return new FilterNode("", key, cmp, "", vals, List.of());
    }

    public static FilterNode of(String op, FilterNode... nodes) {
        return new FilterNode(op, "", "", "", List.of(), List.of(nodes));
    }
}
