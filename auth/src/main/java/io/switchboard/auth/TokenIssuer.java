package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import io.switchboard.json.CompactJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Issues tokens Centrifugo-style, for the gentoken command and for tests. */
public final class TokenIssuer {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HS256_HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private TokenIssuer() {
    }

    /**
     * An HS256 token over the claims (String, Number, Boolean, List, Map values). The HMAC is computed here
     * because nimbus refuses secrets shorter than 256 bits, and short secrets are common with Centrifugo.
     */
    public static String hs256(String secret, Map<String, Object> claims) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("HMAC secret must not be empty");
        }
        String signingInput = HS256_HEADER + "." + base64Url(CompactJson.write(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** ttlSeconds <= 0 issues a token without exp; empty channels adds no channels claim. */
    public static String connectionToken(String secret, String user, long ttlSeconds, List<String> channels) {
        Map<String, Object> claims = standardClaims(user, ttlSeconds);
        if (channels != null && !channels.isEmpty()) {
            claims.put("channels", List.copyOf(channels));
        }
        return hs256(secret, claims);
    }

    public static String subscriptionToken(String secret, String user, String channel, long ttlSeconds) {
        Map<String, Object> claims = standardClaims(user, ttlSeconds);
        claims.put("channel", channel);
        return hs256(secret, claims);
    }

    /** A token signed by any nimbus signer, e.g. RSASSASigner or ECDSASigner in tests. */
    public static String sign(JWSSigner signer, JWSAlgorithm alg, Map<String, Object> claims) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(),
                new Payload(CompactJson.write(claims)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with " + alg + ": " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    private static Map<String, Object> standardClaims(String user, long ttlSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user == null ? "" : user);
        claims.put("iat", now);
        if (ttlSeconds > 0) {
            claims.put("exp", now + ttlSeconds);
        }
        return claims;
    }

    private static String base64Url(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
