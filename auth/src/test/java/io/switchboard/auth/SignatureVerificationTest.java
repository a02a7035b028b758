package io.switchboard.auth;

import static io.switchboard.auth.TokenException.Kind.INVALID;
import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.b64url;
import static io.switchboard.auth.Tokens.claims;
import static io.switchboard.auth.Tokens.ecKeyPair;
import static io.switchboard.auth.Tokens.hmacSigned;
import static io.switchboard.auth.Tokens.pem;
import static io.switchboard.auth.Tokens.rsaKeyPair;
import static io.switchboard.auth.Tokens.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerificationTest {
    private static final String LONG_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static KeyPair rsa;
    private static KeyPair p256;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsa = rsaKeyPair();
        p256 = ecKeyPair("secp256r1");
    }

    @Test
    void acceptsHs256TokenSignedWithShortSecret() throws Exception {
        String token = TokenIssuer.hs256(SECRET, claims("sub", "42"));

        ConnectionToken verified = new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token);

        assertThat(verified.userId()).isEqualTo("42");
    }

    @Test
    void acceptsShortSecretTokenMadeByAnotherLibrary() throws Exception {
        // The jwt.io sample token, signed with a 19-byte secret.
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0Ij"
                + "oxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

        ConnectionToken verified =
                new TokenVerifier(TokenKeys.hmac("your-256-bit-secret")).verifyConnectionToken(token);

        assertThat(verified.userId()).isEqualTo("1234567890");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void acceptsHmacTokensOfEveryStrength(String alg) throws Exception {
        String token = TokenIssuer.sign(new MACSigner(LONG_SECRET), JWSAlgorithm.parse(alg), claims("sub", alg));

        assertThat(new TokenVerifier(TokenKeys.hmac(LONG_SECRET)).verifyConnectionToken(token).userId())
                .isEqualTo(alg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HmacSHA384", "HmacSHA512"})
    void acceptsLongerHmacAlgorithmsWithShortSecret(String mac) throws Exception {
        String alg = mac.equals("HmacSHA384") ? "HS384" : "HS512";
        String token = hmacSigned(mac, SECRET, "{\"alg\":\"" + alg + "\"}", "{\"sub\":\"7\"}");

        assertThat(new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token).userId()).isEqualTo("7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512"})
    void acceptsRsaTokensWhenRsaPublicKeyIsConfigured(String alg) throws Exception {
        String token = TokenIssuer.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.parse(alg), claims("sub", "r"));

        TokenVerifier verifier = new TokenVerifier(new TokenKeys(null, pem(rsa.getPublic()), null, null, null));

        assertThat(verifier.verifyConnectionToken(token).userId()).isEqualTo("r");
    }

    @Test
    void acceptsRsaKeyGivenAsPkcs1Pem() throws Exception {
        byte[] spki = rsa.getPublic().getEncoded();
        // A 2048-bit SubjectPublicKeyInfo is a 24-byte prefix around the PKCS#1 RSAPublicKey.
        String pkcs1 = pem("RSA PUBLIC KEY", Arrays.copyOfRange(spki, 24, spki.length));
        String token = TokenIssuer.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims("sub", "p"));

        assertThat(new TokenVerifier(new TokenKeys(null, pkcs1, null, null, null)).verifyConnectionToken(token).userId())
                .isEqualTo("p");
    }

    @ParameterizedTest
    @CsvSource({"ES256, secp256r1", "ES384, secp384r1", "ES512, secp521r1"})
    void acceptsEcdsaTokensOnTheMatchingCurve(String alg, String curve) throws Exception {
        KeyPair pair = ecKeyPair(curve);
        String token = TokenIssuer.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()), JWSAlgorithm.parse(alg),
                claims("sub", "e"));

        TokenVerifier verifier = new TokenVerifier(new TokenKeys(null, null, pem(pair.getPublic()), null, null));

        assertThat(verifier.verifyConnectionToken(token).userId()).isEqualTo("e");
    }

    @Test
    void rejectsEs384TokenWhenEcdsaKeyIsOnP256() throws Exception {
        String input = b64url("{\"alg\":\"ES384\"}") + "." + b64url("{\"sub\":\"e\"}");
        Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
        signer.initSign(p256.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());

        TokenVerifier verifier = new TokenVerifier(new TokenKeys(null, null, pem(p256.getPublic()), null, null));

        assertThat(verdict(() -> verifier.verifyConnectionToken(token))).isEqualTo(INVALID);
    }

    @Test
    void rejectsHs256TokenWhenOnlyRsaKeyIsConfigured() {
        String rsaPem = pem(rsa.getPublic());
        String forged = TokenIssuer.hs256(rsaPem, claims("sub", "admin"));

        TokenVerifier verifier = new TokenVerifier(new TokenKeys(null, rsaPem, null, null, null));

        assertThat(verdict(() -> verifier.verifyConnectionToken(forged))).isEqualTo(INVALID);
    }

    @Test
    void rejectsRs256TokenWhenOnlyHmacSecretIsConfigured() throws Exception {
        String token = TokenIssuer.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, claims("sub", "r"));

        assertThat(verdict(() -> new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token)))
                .isEqualTo(INVALID);
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        String token = b64url("{\"alg\":\"none\"}") + "." + b64url("{\"sub\":\"admin\"}") + ".";
        TokenVerifier verifier = new TokenVerifier(new TokenKeys(SECRET, pem(rsa.getPublic()), null, null, null));

        assertThat(verdict(() -> verifier.verifyConnectionToken(token))).isEqualTo(INVALID);
        assertThat(verdict(() -> verifier.verifySubscriptionToken(token))).isEqualTo(INVALID);
    }

    @Test
    void rejectsTokenWithBadSignature() {
        TokenVerifier verifier = new TokenVerifier(TokenKeys.hmac(SECRET));
        String otherSecret = TokenIssuer.hs256("another secret", claims("sub", "1"));
        String genuine = TokenIssuer.hs256(SECRET, claims("sub", "1"));
        String tampered = TokenIssuer.hs256(SECRET, claims("sub", "2")).split("\\.")[1];
        String[] parts = genuine.split("\\.");

        assertThat(verdict(() -> verifier.verifyConnectionToken(otherSecret))).isEqualTo(INVALID);
        assertThat(verdict(() -> verifier.verifyConnectionToken(parts[0] + "." + tampered + "." + parts[2])))
                .isEqualTo(INVALID);
        assertThat(verdict(() -> verifier.verifyConnectionToken(parts[0] + "." + parts[1] + "."))).isEqualTo(INVALID);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "abc", "a.b.c", "eyJ", "eyJ.eyJ.eyJ", "eyJhbGciOiJIUzI1NiJ9.", "....",
        "eyJhbGciOiJIUzI1NiJ9.e30.e30.e30", " eyJhbGciOiJIUzI1NiJ9.e30.x"})
    void rejectsGarbageAsInvalid(String garbage) {
        TokenVerifier verifier = new TokenVerifier(TokenKeys.hmac(SECRET));

        assertThat(verdict(() -> verifier.verifyConnectionToken(garbage))).isEqualTo(INVALID);
        assertThat(verdict(() -> verifier.verifySubscriptionToken(garbage))).isEqualTo(INVALID);
    }

    @Test
    void rejectsPaddedBase64UrlLikeCentrifugo() {
        String token = TokenIssuer.hs256(SECRET, claims("sub", "1"));

        assertThat(verdict(() -> new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token + "=")))
                .isEqualTo(INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"HS256\",\"kid\":1}", "{\"alg\":\"HS256\",\"typ\":[]}", "{\"alg\":256}",
        "{\"alg\":\"hs256\"}", "{\"alg\":null}"})
    void rejectsUnusableHeaders(String header) {
        String token = hmacSigned("HmacSHA256", SECRET, header, "{\"sub\":\"1\"}");

        assertThat(verdict(() -> new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token)))
                .isEqualTo(INVALID);
    }

    @Test
    void matchesHeaderNamesCaseInsensitivelyLikeGo() throws Exception {
        String token = hmacSigned("HmacSHA256", SECRET, "{\"ALG\":\"HS256\"}", "{\"sub\":\"1\"}");

        assertThat(new TokenVerifier(TokenKeys.hmac(SECRET)).verifyConnectionToken(token).userId()).isEqualTo("1");
    }

    @Test
    void rejectsEveryTokenWhenNoKeyIsConfigured() {
        String token = TokenIssuer.hs256(SECRET, claims("sub", "1"));

        assertThat(verdict(() -> new TokenVerifier(new TokenKeys(null, null, null, null, null))
                .verifyConnectionToken(token))).isEqualTo(INVALID);
    }

    @Test
    void rejectsUnusablePemNamingTheKey() {
        String ecPem = pem(p256.getPublic());

        assertThatThrownBy(() -> new TokenVerifier(new TokenKeys(null, "not a pem", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA public key");
        assertThatThrownBy(() -> new TokenVerifier(new TokenKeys(null, null, "-----BEGIN PUBLIC KEY-----\n@@@\n"
                + "-----END PUBLIC KEY-----", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ECDSA public key");
        assertThatThrownBy(() -> new TokenVerifier(new TokenKeys(null, ecPem, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA public key");
        assertThatThrownBy(() -> new TokenVerifier(new TokenKeys(null, null, pem(rsa.getPublic()), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ECDSA public key");
    }
}
