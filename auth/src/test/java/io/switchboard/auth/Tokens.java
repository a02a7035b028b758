package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helpers: hand-built tokens, generated keys, PEM text and verdicts. */
final class Tokens {
    static final String SECRET = "secret";

    private Tokens() {
    }

    static Map<String, Object> claims(Object... keysAndValues) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            claims.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return claims;
    }

    static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token over exactly this header and payload text, HMAC-signed with {@code secret}. */
    static String hmacSigned(String alg, String secret, String headerJson, String payloadJson) {
        String input = b64url(headerJson) + "." + b64url(payloadJson);
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), alg));
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An HS256 token with SECRET over this exact payload text. */
    static String signedJson(String payloadJson) {
        return hmacSigned("HmacSHA256", SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson);
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The verdict of a verification: the exception kind, or null when the token was accepted. */
    static TokenException.Kind verdict(ThrowingCallable verification) {
        Throwable thrown = catchThrowable(verification);
        if (thrown == null) {
            return null;
        }
        assertThat(thrown).isInstanceOf(TokenException.class);
        return ((TokenException) thrown).kind();
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
