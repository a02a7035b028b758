package io.switchboard.auth;

import static io.switchboard.auth.TokenException.invalid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature checks for the nine algorithms Centrifugo knows. Each family is enabled only by its own key, so a
 * token can never pick a key of another kind (HS256 keyed with the RSA public key, alg none, and so on).
 * HMAC is computed directly because nimbus refuses secrets under 256 bits, which Centrifugo accepts.
 */
final class Algorithms {
    private final byte[] hmacSecret;
    private final RSAPublicKey rsaKey;
    private final ECPublicKey ecdsaKey;
    private final int ecdsaBits;

    Algorithms(TokenKeys keys) {
        hmacSecret = TokenKeys.present(keys.hmacSecretKey())
                ? keys.hmacSecretKey().getBytes(StandardCharsets.UTF_8) : null;
        rsaKey = pem(keys.rsaPublicKeyPem()) ? PemKeys.rsa(keys.rsaPublicKeyPem()) : null;
        ecdsaKey = pem(keys.ecdsaPublicKeyPem()) ? PemKeys.ecdsa(keys.ecdsaPublicKeyPem()) : null;
        ecdsaBits = ecdsaKey != null ? PemKeys.curveBits(ecdsaKey) : 0;
    }

    private static boolean pem(String text) {
        return text != null && !text.isBlank();
    }

    void verify(String alg, byte[] signingInput, byte[] signature) throws TokenException {
        boolean valid = switch (alg) {
            case "HS256" -> hmac("HmacSHA256", signingInput, signature);
            case "HS384" -> hmac("HmacSHA384", signingInput, signature);
            case "HS512" -> hmac("HmacSHA512", signingInput, signature);
            case "RS256" -> check(rsaKey, "SHA256withRSA", signingInput, signature);
            case "RS384" -> check(rsaKey, "SHA384withRSA", signingInput, signature);
            case "RS512" -> check(rsaKey, "SHA512withRSA", signingInput, signature);
            case "ES256" -> ecdsa(256, "SHA256", signingInput, signature);
            case "ES384" -> ecdsa(384, "SHA384", signingInput, signature);
            case "ES512" -> ecdsa(521, "SHA512", signingInput, signature);
            default -> throw invalid("unsupported JWT algorithm");
        };
        if (!valid) {
            throw invalid("bad token signature");
        }
    }

    private boolean hmac(String algorithm, byte[] input, byte[] signature) throws TokenException {
        if (hmacSecret == null) {
            throw invalid("HMAC tokens are not enabled");
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(hmacSecret, algorithm));
            return MessageDigest.isEqual(mac.doFinal(input), signature);
        } catch (GeneralSecurityException e) {
            throw invalid("HMAC failed");
        }
    }

    // JOSE carries r||s with each half as long as the curve's byte size; the P1363 format is exactly that.
    private boolean ecdsa(int bits, String hash, byte[] input, byte[] signature) throws TokenException {
        if (ecdsaKey != null && ecdsaBits != bits) {
            throw invalid("algorithm does not match the ECDSA key curve");
        }
        if (ecdsaKey != null && signature.length != 2 * ((bits + 7) / 8)) {
            return false;
        }
        return check(ecdsaKey, hash + "withECDSAinP1363Format", input, signature);
    }

    private static boolean check(PublicKey key, String algorithm, byte[] input, byte[] signature)
            throws TokenException {
        if (key == null) {
            throw invalid("algorithm is not enabled");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
