package io.switchboard.auth;

/**
 * Keys and expectations for token verification. Each part may be null or empty, meaning "not configured".
 * PEM values are X.509 SubjectPublicKeyInfo ("PUBLIC KEY"), PKCS#1 ("RSA PUBLIC KEY") or a certificate.
 */
public record TokenKeys(String hmacSecretKey, String rsaPublicKeyPem, String ecdsaPublicKeyPem, String audience,
                        String issuer) {

    public static TokenKeys hmac(String secret) {
        return new TokenKeys(secret, null, null, null, null);
    }

    /** At least one key is present; without one every token is rejected. */
    public boolean configured() {
        return present(hmacSecretKey) || present(rsaPublicKeyPem) || present(ecdsaPublicKeyPem);
    }

    static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
