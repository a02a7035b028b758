package io.switchboard.centrifugo.internal.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked, compiled tags filter: {@link #matches} decides whether a publication with these tags reaches the
 * subscriber. The rules are centrifuge's ({@code internal/filter}): {@code eq}, {@code neq} (an absent tag is
 * not equal), {@code in}/{@code nin} (an absent tag compares as ""), {@code ex}/{@code nex}, {@code sw},
 * {@code ew}, {@code ct} (an absent tag never matches), {@code gt}/{@code gte}/{@code lt}/{@code lte} compare
 * decimal numbers and are false when either side is not one. On top of centrifuge's checks, a filter is
 * bounded (depth, nodes, values, text) so that one subscription cannot make every delivery expensive.
 */
public final class TagsFilter {
    public static final int MAX_DEPTH = 16;
    public static final int MAX_NODES = 128;
    public static final int MAX_VALUES = 1024;
    public static final int MAX_TEXT_BYTES = 16 * 1024;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final int MAX_DECIMAL_LENGTH = 80;

    /** Why a filter was refused; the subscribe is answered with error 107 (bad request), as in Centrifugo. */
    public static final class InvalidFilter extends Exception {
        InvalidFilter(String message) {
            super(message, null, false, false);
        }
    }

    private final Matcher root;

    private TagsFilter(Matcher root) {
        this.root = root;
    }

    public boolean matches(Map<String, String> tags) {
        return root.matches(tags == null ? Map.of() : tags);
    }

    /** Checks a filter as centrifuge's {@code filter.Validate} does, and against the size bounds. */
    public static TagsFilter compile(FilterNode node) throws InvalidFilter {
        Budget budget = new Budget();
        return new TagsFilter(compile(node, 1, budget));
    }

    private static final class Budget {
        int nodes;
        int values;
        long text;

        void count(FilterNode n) throws InvalidFilter {
            if (++nodes > MAX_NODES) throw new InvalidFilter("more than " + MAX_NODES + " nodes");
            values += n.vals().size();
            if (values > MAX_VALUES) throw new InvalidFilter("more than " + MAX_VALUES + " values");
            text += n.key().length() + n.val().length();
            for (String v : n.vals()) text += v.length();
            if (text > MAX_TEXT_BYTES) throw new InvalidFilter("more than " + MAX_TEXT_BYTES + " characters");
        }
    }

    private static Matcher compile(FilterNode n, int depth, Budget budget) throws InvalidFilter {
        if (depth > MAX_DEPTH) throw new InvalidFilter("nested deeper than " + MAX_DEPTH);
        budget.count(n);
        switch (n.op()) {
            case "" -> {
                return leaf(n);
            }
            case "and", "or" -> {
                if (n.nodes().isEmpty()) throw new InvalidFilter(n.op() + " node must have at least one child");
                List<Matcher> children = new ArrayList<>(n.nodes().size());
                for (FilterNode c : n.nodes()) children.add(compile(c, depth + 1, budget));
                Matcher[] all = children.toArray(Matcher[]::new);
                return n.op().equals("and") ? new And(all) : new Or(all);
            }
            case "not" -> {
                if (n.nodes().size() != 1) throw new InvalidFilter("not node must have exactly one child");
                Matcher inner = compile(n.nodes().get(0), depth + 1, budget);
                return tags -> !inner.matches(tags);
            }
            default -> throw new InvalidFilter("invalid op: " + n.op());
        }
    }

    private static Matcher leaf(FilterNode n) throws InvalidFilter {
        String cmp = n.cmp();
        if (cmp.isEmpty()) throw new InvalidFilter("leaf node must have cmp set");
        switch (cmp) {
            case "eq", "neq", "sw", "ew", "ct", "gt", "gte", "lt", "lte" -> {
                if (n.val().isEmpty()) throw new InvalidFilter(cmp + " comparison requires val");
                if (!n.vals().isEmpty()) throw new InvalidFilter(cmp + " comparison must not use vals");
            }
            case "in", "nin" -> {
                if (n.vals().isEmpty()) throw new InvalidFilter(cmp + " comparison requires non-empty vals");
                if (!n.val().isEmpty()) throw new InvalidFilter(cmp + " comparison must not use val");
            }
            case "ex", "nex" -> {
                if (!n.val().isEmpty() || !n.vals().isEmpty()) {
                    throw new InvalidFilter(cmp + " comparison must not use val or vals");
                }
            }
            default -> throw new InvalidFilter("unknown comparison operator: " + cmp);
        }
        String key = n.key();
        if (key.isEmpty() && !cmp.equals("ex") && !cmp.equals("nex")) throw new InvalidFilter("leaf node requires key");
        String val = n.val();
        return switch (cmp) {
            case "eq" -> tags -> val.equals(tags.get(key));
            case "neq" -> tags -> !val.equals(tags.get(key));
            case "in" -> {
                Set<String> set = new HashSet<>(n.vals());
                yield tags -> set.contains(tags.getOrDefault(key, ""));
            }
            case "nin" -> {
                Set<String> set = new HashSet<>(n.vals());
                yield tags -> !set.contains(tags.getOrDefault(key, ""));
            }
            case "ex" -> tags -> tags.containsKey(key);
            case "nex" -> tags -> !tags.containsKey(key);
            case "sw" -> tags -> {
                String v = tags.get(key);
                return v != null && v.startsWith(val);
            };
            case "ew" -> tags -> {
                String v = tags.get(key);
                return v != null && v.endsWith(val);
            };
            case "ct" -> tags -> {
                String v = tags.get(key);
                return v != null && v.contains(val);
            };
            default -> numeric(key, cmp, decimal(val));
        };
    }

    private static Matcher numeric(String key, String cmp, BigDecimal bound) {
        if (bound == null) return tags -> false; // as centrifuge: a bound that is no number never matches
        return tags -> {
            BigDecimal v = decimal(tags.get(key));
            if (v == null) return false;
            int c = v.compareTo(bound);
            return switch (cmp) {
                case "gt" -> c > 0;
                case "gte" -> c >= 0;
                case "lt" -> c < 0;
                default -> c <= 0;
            };
        };
    }

    /** A plain decimal ({@code -12}, {@code 150.25}); anything else (exponents, NaN, too long) is no number. */
    static BigDecimal decimal(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_DECIMAL_LENGTH || !DECIMAL.matcher(s).matches()) return null;
        return new BigDecimal(s);
    }

    @FunctionalInterface
    private interface Matcher {
        boolean matches(Map<String, String> tags);
    }

    private record And(Matcher[] all) implements Matcher {
        public boolean matches(Map<String, String> tags) {
            for (Matcher m : all) if (!m.matches(tags)) return false;
            return true;
        }
    }

    private record Or(Matcher[] any) implements Matcher {
        public boolean matches(Map<String, String> tags) {
            for (Matcher m : any) if (m.matches(tags)) return true;
            return false;
        }
    }
}
