package io.switchboard.pusher;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signature of a Pusher HTTP API request: {@code auth_signature = hex(HMAC-SHA256(secret, METHOD\nPATH\nQS))}
 * where QS is every other query parameter, keys in lower case and sorted, values decoded and not escaped again.
 * Pure: the caller hands it decoded parameters and the clock.
 */
public final class ApiSignature {
    /** How far {@code auth_timestamp} may be from now, either way, in seconds. */
    public static final long WINDOW_SECONDS = 600;

    private ApiSignature() {
    }

    /** The query parameters with their keys in lower case (the first of two that differ only in case wins). */
    public static Map<String, String> lowercased(Map<String, String> params) {
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** {@code METHOD\nPATH\nk=v&…} over every parameter but {@code auth_signature}. */
    public static String stringToSign(String method, String path, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(128).append(method.toUpperCase(Locale.ROOT)).append('\n').append(path).append('\n');
        boolean first = true;
        for (Map.Entry<String, String> e : lowercased(params).entrySet()) {
            if (e.getKey().equals("auth_signature")) continue;
            if (!first) sb.append('&');
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    public static String sign(String secret, String method, String path, Map<String, String> params) {
        return Signatures.hmacHex(secret, stringToSign(method, path, params));
    }

    /**
     * Why the request is not signed by this app, or null when it is. {@code paths} are the spellings of the
     * request path the signer may have used (as sent, and decoded): any of them may match.
     */
    public static String refusal(PusherApp app, String method, Iterable<String> paths, Map<String, String> params,
                                 byte[] body, Clock clock) {
        Map<String, String> p = lowercased(params);
        String key = p.get("auth_key");
        if (key == null || !Signatures.equal(key, app.key())) return "unknown auth_key";
        if (!"1.0".equals(p.get("auth_version"))) return "auth_version must be 1.0";
        long timestamp;
        try {
            timestamp = Long.parseLong(p.getOrDefault("auth_timestamp", ""));
        } catch (NumberFormatException e) {
            return "auth_timestamp must be a Unix time in seconds";
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - timestamp) > WINDOW_SECONDS) {
            return "auth_timestamp is more than " + WINDOW_SECONDS + " s from the server's time " + now;
        }
        String md5 = p.get("body_md5");
        if (body.length > 0 && md5 == null) return "body_md5 is required with a body";
        // only a signed md5 binds the body to the signature: the md5 is in the signed string, so check it too
        if (md5 != null && !Signatures.equal(md5.toLowerCase(Locale.ROOT), Signatures.md5Hex(body))) {
            return "body_md5 does not match the body";
        }
        String signature = p.get("auth_signature");
        if (signature == null) return "auth_signature is missing";
        String given = signature.toLowerCase(Locale.ROOT);
        boolean ok = false;
        for (String path : paths) ok |= Signatures.equal(given, sign(app.secret(), method, path, p));
        return ok ? null : "invalid auth_signature";
    }
}
