package io.switchboard.auth;

import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.signedJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Mangled JWTs, and signed tokens with mangled claims, end in TokenException and nothing else. */
@Timeout(20)
class TokenPropertiesTest {
    private static final TokenVerifier VERIFIER = new TokenVerifier(TokenKeys.hmac(SECRET));

    private static String validToken(Random rnd) {
        return rnd.nextBoolean()
                ? TokenIssuer.connectionToken(SECRET, "u" + rnd.nextInt(1000), 3600, List.of("c" + rnd.nextInt(9)))
                : TokenIssuer.subscriptionToken(SECRET, "u" + rnd.nextInt(1000), "c" + rnd.nextInt(9), 3600);
    }

    private static void verifyBoth(String jwt) {
        Property.onlyThrows(TokenException.class, jwt.length(), () -> VERIFIER.verifyConnectionToken(jwt));
        Property.onlyThrows(TokenException.class, jwt.length(), () -> VERIFIER.verifySubscriptionToken(jwt));
    }

    @Test
    void issuedTokensVerify() {
        Property.forAll(50, rnd -> {
            String user = "u" + rnd.nextInt(1000);
            String channel = "c" + rnd.nextInt(9);
            assertThat(VERIFIER.verifyConnectionToken(TokenIssuer.connectionToken(SECRET, user, 3600, List.of(channel)))
                    .channels()).containsExactly(channel);
            assertThat(VERIFIER.verifySubscriptionToken(TokenIssuer.subscriptionToken(SECRET, user, channel, 3600))
                    .channel()).isEqualTo(channel);
        });
    }

    @Test
    void mangledTokensEndInTokenException() {
        Property.forAll(300, rnd -> verifyBoth(Mutations.mutate(validToken(rnd), rnd)));
    }

    @Test
    void everyTruncationEndsInTokenException() {
        Property.forAll(2, rnd -> {
            String jwt = validToken(rnd);
            for (int cut = 0; cut < jwt.length(); cut++) verifyBoth(jwt.substring(0, cut));
        });
    }

    /** The signature holds, so the claims parser itself sees the damage. */
    @Test
    void signedMangledClaimsEndInTokenException() {
        Property.forAll(200, rnd -> {
            String claims = "{\"sub\":\"u\",\"exp\":4102444800,\"channel\":\"c\",\"info\":{\"a\":[1,2]},\"subs\":{\"c\":{}}}";
            String payload = new String(Mutations.mutate(claims.getBytes(StandardCharsets.UTF_8), rnd), StandardCharsets.UTF_8);
            verifyBoth(signedJson(payload));
        });
        verifyBoth(signedJson("{\"sub\":\"u\",\"info\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"));
        verifyBoth(signedJson("{\"sub\":\"u\",\"exp\":1" + "0".repeat(5000) + "}"));
    }
}
