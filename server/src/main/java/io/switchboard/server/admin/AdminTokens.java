package io.switchboard.server.admin;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The admin page's tokens: {@code <expiry, unix seconds>.<HMAC-SHA256 of it under admin.secret, base64url>}. Opaque
 * to the page (Centrifugo's are too); a token of another secret, a changed one or an expired one is refused.
 */
final class AdminTokens {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final String PURPOSE = "switchboard-admin:";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;

    AdminTokens(String secret, Clock clock) {
        if (secret.isEmpty()) throw new IllegalArgumentException("admin.secret must not be empty");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    String issue() {
        String expiry = Long.toString(clock.instant().plus(LIFETIME).getEpochSecond());
        return expiry + "." + BASE64URL.encodeToString(mac(expiry));
    }

    boolean valid(String token) {
        if (token == null) return false;
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) return false;
        String expiry = token.substring(0, dot);
        long seconds;
        try {
            seconds = Long.parseLong(expiry);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = BASE64URL.encode(mac(expiry));
        return MessageDigest.isEqual(expected, given) && clock.instant().getEpochSecond() < seconds;
    }

    private byte[] mac(String expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((PURPOSE + expiry).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
