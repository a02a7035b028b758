package io.switchboard.auth;

import static io.switchboard.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
    private static final String LONG_SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void connectionTokenWithoutTtlOrChannelsHasNoExpOrChannelsClaim() throws Exception {
        SignedJWT jwt = SignedJWT.parse(TokenIssuer.connectionToken("secret", "u", 0, List.of()));

        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("u");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNull();
        assertThat(jwt.getJWTClaimsSet().getClaims()).doesNotContainKey("channels");
    }

    @Test
    void connectionTokenCarriesTtlAndChannels() throws Exception {
        long before = Instant.now().getEpochSecond();
        SignedJWT jwt = SignedJWT.parse(TokenIssuer.connectionToken("secret", "u", 3600, List.of("a")));

        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond())
                .isBetween(before + 3600, before + 3601);
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("channels")).containsExactly("a");
    }

    @Test
    void subscriptionTokenCarriesChannel() throws Exception {
        SignedJWT jwt = SignedJWT.parse(TokenIssuer.subscriptionToken("secret", "u", "news", 0));

        assertThat(jwt.getJWTClaimsSet().getStringClaim("channel")).isEqualTo("news");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNull();
    }

    @Test
    void hs256TokensVerifyWithNimbusWhenTheSecretIsLongEnough() throws Exception {
        SignedJWT jwt = SignedJWT.parse(TokenIssuer.hs256(LONG_SECRET, claims("sub", "1")));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(LONG_SECRET))).isTrue();
    }

    @Test
    void writesClaimValuesAsJson() throws Exception {
        Map<String, Object> claims = claims("s", "x\"\n\u00e9", "n", 7, "f", 1.5, "b", true, "l", List.of(1, "two"),
                "m", Map.of("k", List.of()), "z", null);

        Map<String, Object> parsed = SignedJWT.parse(TokenIssuer.hs256("secret", claims)).getPayload().toJSONObject();

        assertThat(parsed).containsEntry("s", "x\"\n\u00e9").containsEntry("n", 7L).containsEntry("f", 1.5)
                .containsEntry("b", true).containsEntry("l", List.of(1L, "two"))
                .containsEntry("m", Map.of("k", List.of())).containsEntry("z", null);
    }

    @Test
    void signRejectsAnAlgorithmTheSignerCannotProduce() {
        assertThatThrownBy(() -> TokenIssuer.sign(new MACSigner(LONG_SECRET), JWSAlgorithm.RS256, claims()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RS256");
    }

    @Test
    void hs256RejectsAnEmptySecret() {
        assertThatThrownBy(() -> TokenIssuer.hs256("", claims())).isInstanceOf(IllegalArgumentException.class);
    }
}
