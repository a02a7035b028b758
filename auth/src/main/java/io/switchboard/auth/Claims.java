package io.switchboard.auth;

import static io.switchboard.auth.TokenException.invalid;

import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token claims decoded with the rules of Go's encoding/json into Centrifugo's claim structs, so that odd tokens get
 * the same verdict as in Centrifugo: member names match case-insensitively, later duplicates win, a JSON null leaves
 * a string as it was but clears a pointer, a raw JSON field keeps {@code null} as the text "null", a claim of the
 * wrong type rejects the token, and claims of the other token kind are ignored unchecked.
 */
final class Claims {
    String sub = "";
    String iss = "";
    String channel = "";
    List<String> aud;
    NumericDate exp;
    NumericDate nbf;
    Long expireAt;
    List<String> channels;
    Map<String, Options> subs;
    byte[] meta;
    final Options options = new Options();

    /** The alg of a JOSE header (whose typ, cty and kid must be strings too). */
    static String algorithm(Object header) throws TokenException {
        String alg = "";
        for (Map.Entry<String, Object> member : members(header, "header")) {
            switch (fold(member.getKey())) {
                case "ALG" -> alg = string(member.getValue(), alg, "alg");
                case "TYP", "CTY", "KID" -> string(member.getValue(), "", "header");
                default -> { }
            }
        }
        return alg;
    }

    static Claims decode(Object payload, boolean subscription) throws TokenException {
        Claims c = new Claims();
        for (Map.Entry<String, Object> member : members(payload, "claims")) {
            String key = fold(member.getKey());
            Object v = member.getValue();
            switch (key) {
                case "SUB" -> c.sub = string(v, c.sub, "sub");
                case "ISS" -> c.iss = string(v, c.iss, "iss");
                case "JTI" -> string(v, "", "jti");
                case "AUD" -> c.aud = audience(v);
                case "EXP" -> c.exp = date(v, "exp");
                case "NBF" -> c.nbf = date(v, "nbf");
                case "IAT" -> date(v, "iat");
                case "CHANNEL" -> c.channel = string(v, c.channel, "channel");
                case "EXPIRE_AT" -> c.expireAt = int64(v, "expire_at");
                case "INFO", "B64INFO" -> c.options.decode(key, v);
                default -> {
                    if (subscription) {
                        c.subscriptionOnly(key, v);
                    } else {
                        c.connectionOnly(key, v);
                    }
                }
            }
        }
        return c;
    }

    private void connectionOnly(String key, Object v) throws TokenException {
        switch (key) {
            case "CHANNELS" -> channels = strings(v, "channels");
            case "SUBS" -> subs = subs(v, subs);
            case "META" -> meta = raw(v);
            default -> { }
        }
    }

    private void subscriptionOnly(String key, Object v) throws TokenException {
        if (key.equals("CLIENT")) {
            string(v, "", "client");
        } else {
            options.decode(key, v);
        }
    }

    /** Centrifugo's rule: expire_at wins when present (0 or less = never); else exp; else never. */
    long expireAt() {
        if (expireAt != null) {
            return Math.max(expireAt, 0);
        }
        return exp != null ? exp.unixSeconds() : 0;
    }

    /** Centrifugo's SubscribeOptions, shared by subscription tokens and the entries of {@code subs}. */
    static final class Options {
        byte[] info;
        byte[] data;
        String b64info = "";
        String b64data = "";
        Overrides override;

        void decode(String key, Object v) throws TokenException {
            switch (key) {
                case "INFO" -> info = raw(v);
                case "B64INFO" -> b64info = string(v, b64info, "b64info");
                case "DATA" -> data = raw(v);
                case "B64DATA" -> b64data = string(v, b64data, "b64data");
                case "OVERRIDE" -> override = overrides(v, override);
                default -> { }
            }
        }

        /** A non-empty b64info wins over info, as in Centrifugo. */
        byte[] info() throws TokenException {
            return b64info.isEmpty() ? info : base64(b64info, "b64info");
        }

        byte[] data() throws TokenException {
            return b64data.isEmpty() ? data : base64(b64data, "b64data");
        }

        SubscribeClaim toSubscribeClaim() throws TokenException {
            Overrides o = override != null ? override : new Overrides();
            return new SubscribeClaim(info(), data(), o.presence, o.joinLeave, o.forcePushJoinLeave,
                    o.forceRecovery, o.forcePositioning);
        }
    }

    static final class Overrides {
        Boolean presence;
        Boolean joinLeave;
        Boolean forcePushJoinLeave;
        Boolean forceRecovery;
        Boolean forcePositioning;
    }

    private static Map<String, Options> subs(Object v, Map<String, Options> current) throws TokenException {
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject obj)) {
            throw invalid("subs must be an object");
        }
        Map<String, Options> result = current != null ? current : new LinkedHashMap<>();
        for (Map.Entry<String, Object> sub : obj.members()) {
            Options options = new Options();
            for (Map.Entry<String, Object> member : members(sub.getValue(), "subs entry")) {
                options.decode(fold(member.getKey()), member.getValue());
            }
            result.put(sub.getKey(), options);
        }
        return result;
    }

    // A second override object merges into the first, as Go decodes into the existing struct.
    private static Overrides overrides(Object v, Overrides current) throws TokenException {
        if (v == null) {
            return null;
        }
        Overrides o = current != null ? current : new Overrides();
        for (Map.Entry<String, Object> member : members(v, "override")) {
            Object value = member.getValue();
            switch (fold(member.getKey())) {
                case "PRESENCE" -> o.presence = boolValue(value, o.presence);
                case "JOIN_LEAVE" -> o.joinLeave = boolValue(value, o.joinLeave);
                case "FORCE_PUSH_JOIN_LEAVE" -> o.forcePushJoinLeave = boolValue(value, o.forcePushJoinLeave);
                case "FORCE_RECOVERY" -> o.forceRecovery = boolValue(value, o.forceRecovery);
                case "FORCE_POSITIONING" -> o.forcePositioning = boolValue(value, o.forcePositioning);
                default -> { }
            }
        }
        return o;
    }

    /** {"value": bool}; an object without value means false. */
    private static Boolean boolValue(Object v, Boolean current) throws TokenException {
        if (v == null) {
            return null;
        }
        boolean result = current != null && current;
        for (Map.Entry<String, Object> member : members(v, "override")) {
            if (fold(member.getKey()).equals("VALUE")) {
                if (member.getValue() instanceof Boolean b) {
                    result = b;
                } else if (member.getValue() != null) {
                    throw invalid("override value must be a boolean");
                }
            }
        }
        return result;
    }

    /** Members of an object; JSON null decodes into a struct as no members at all. */
    private static List<Map.Entry<String, Object>> members(Object v, String what) throws TokenException {
        if (v == null) {
            return List.of();
        }
        if (v instanceof JsonObject obj) {
            return obj.members();
        }
        throw invalid(what + " must be an object");
    }

    private static String string(Object v, String current, String claim) throws TokenException {
        if (v == null) {
            return current;
        }
        if (v instanceof String s) {
            return s;
        }
        throw invalid(claim + " must be a string");
    }

    private static Long int64(Object v, String claim) throws TokenException {
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n && n.integral()) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException tooBig) {
                // falls through to the rejection
            }
        }
        throw invalid(claim + " must be an integer");
    }

    /** A number, or a string holding a number (Go reads NumericDate through json.Number). */
    private static NumericDate date(Object v, String claim) throws TokenException {
        if (v == null) {
            return null;
        }
        String text = null;
        if (v instanceof JsonNumber n) {
            text = n.text();
        } else if (v instanceof String s && JsonNumber.isJsonNumber(s)) {
            text = s;
        }
        double seconds = text != null ? Double.parseDouble(text) : Double.NaN;
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw invalid(claim + " must be a number");
        }
        return NumericDate.of(seconds);
    }

    // Go calls Audience.UnmarshalJSON even for null, and it rejects null.
    private static List<String> audience(Object v) throws TokenException {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> items) {
            List<String> result = new ArrayList<>(items.size());
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw invalid("aud must be a string or an array of strings");
                }
                result.add(s);
            }
            return result;
        }
        throw invalid("aud must be a string or an array of strings");
    }

    private static List<String> strings(Object v, String claim) throws TokenException {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> items)) {
            throw invalid(claim + " must be an array of strings");
        }
        List<String> result = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item == null) {
                result.add("");
            } else if (item instanceof String s) {
                result.add(s);
            } else {
                throw invalid(claim + " must be an array of strings");
            }
        }
        return result;
    }

    private static byte[] raw(Object v) {
        return CompactJson.write(v).getBytes(StandardCharsets.UTF_8);
    }

    /** Go's base64.StdEncoding: padding required, CR and LF ignored. */
    private static byte[] base64(String text, String claim) throws TokenException {
        String s = text.replace("\r", "").replace("\n", "");
        try {
            if (s.length() % 4 == 0) {
                return Base64.getDecoder().decode(s);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the rejection
        }
        throw invalid(claim + " is not valid base64");
    }

    /** Go's folding of JSON member names: upper(lower(rune)) for each rune. */
    static String fold(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> folded.appendCodePoint(Character.toUpperCase(Character.toLowerCase(cp))));
        return folded.toString();
    }
}
