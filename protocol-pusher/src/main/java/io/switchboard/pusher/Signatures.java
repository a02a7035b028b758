package io.switchboard.pusher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Pusher's HMAC-SHA256 signatures: channel and user auth, HTTP API requests, webhook bodies. */
public final class Signatures {
    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    public static String hmacHex(String secret, String message) {
        return hmacHex(secret, message.getBytes(StandardCharsets.UTF_8));
    }

    public static String hmacHex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    public static String md5Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    /** What a private channel's auth signs: {@code socket_id:channel}, plus {@code :channel_data} for presence. */
    public static String channelString(String socketId, String channel, String channelData) {
        return channelData == null ? socketId + ':' + channel : socketId + ':' + channel + ':' + channelData;
    }

    /** What a sign-in's auth signs. */
    public static String userString(String socketId, String userData) {
        return socketId + "::user::" + userData;
    }

    /** Whether {@code auth} is {@code key:hex(HMAC(secret, signed))} for this app; constant time in the signature. */
    public static boolean validAuth(PusherApp app, String auth, String signed) {
        if (auth == null) return false;
        int colon = auth.indexOf(':');
        if (colon < 0 || !auth.substring(0, colon).equals(app.key())) return false;
        return equal(auth.substring(colon + 1), hmacHex(app.secret(), signed));
    }

    public static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
