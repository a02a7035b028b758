package io.switchboard.centrifugo;

import io.switchboard.core.ClientError;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Shared poll track signatures as Centrifugo's backends issue them: {@code <issued>:<expires>:<hmac>}, the HMAC-SHA256
 * (hex) under {@code shared_poll.hmac_secret_key} of the NUL-joined issued time, expiry, user, channel and the hex
 * SHA-256 of the NUL-joined keys, so a signature grants exactly those keys in that order to that user.
 */
final class TrackSignatures {
    /** A checked signature: its expiry in unix seconds, or the error a track answers. */
    record Checked(long expireAt, ClientError error) {
    }

    private final SharedPollSettings settings;

    TrackSignatures(SharedPollSettings settings) {
        this.settings = settings;
    }

    Checked check(String signature, String user, String channel, List<String> keys, long nowSeconds) {
        String[] parts = signature.split(":", -1);
        if (parts.length != 3 || settings.secret().isEmpty()) return refused();
        long expires;
        try {
            Long.parseLong(parts[0]); // the issued time is signed, not checked
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return refused();
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(parts[2]);
        } catch (IllegalArgumentException e) {
            return refused();
        }
        String payload = parts[0] + '\0' + parts[1] + '\0' + user + '\0' + channel + '\0' + keysHash(keys);
        boolean valid = MessageDigest.isEqual(given, hmac(settings.secret(), payload));
        if (!valid && !settings.previousSecret().isEmpty() && nowSeconds < settings.previousValidUntil()) {
            valid = MessageDigest.isEqual(given, hmac(settings.previousSecret(), payload));
        }
        if (!valid) return refused();
        if (expires <= nowSeconds) return new Checked(0, ClientError.TOKEN_EXPIRED);
        return new Checked(expires, null);
    }

    private static Checked refused() {
        return new Checked(0, ClientError.PERMISSION_DENIED);
    }

    private static String keysHash(List<String> keys) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\0", keys).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
