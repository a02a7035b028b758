package io.switchboard.socketcluster.internal.codec;

import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link io.switchboard.json.JsonTree} values as the plain Java values an application handler gets: Map (the last
 * of duplicate keys wins, as in JSON.parse), List, String, Long or BigInteger for integers, Double otherwise,
 * Boolean, null.
 */
public final class PlainValues {
    private PlainValues() {
    }

    public static Object of(Object tree) {
        if (tree instanceof JsonObject o) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : o.members()) map.put(e.getKey(), of(e.getValue()));
            return map;
        }
        if (tree instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) out.add(of(item));
            return out;
        }
        if (tree instanceof JsonNumber n) return number(n);
        return tree;
    }

    private static Object number(JsonNumber n) {
        if (n.integral()) {
            BigInteger big = new BigInteger(n.text());
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return Double.parseDouble(n.text());
    }
}
