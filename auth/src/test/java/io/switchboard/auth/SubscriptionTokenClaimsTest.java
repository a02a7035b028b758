package io.switchboard.auth;

import static io.switchboard.auth.TokenException.Kind.INVALID;
import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.signedJson;
import static io.switchboard.auth.Tokens.utf8;
import static io.switchboard.auth.Tokens.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTokenClaimsTest {
    private static final TokenVerifier VERIFIER = new TokenVerifier(TokenKeys.hmac(SECRET));

    private static SubscriptionToken verify(String payloadJson) throws TokenException {
        return VERIFIER.verifySubscriptionToken(signedJson(payloadJson));
    }

    @Test
    void readsChannelUserInfoDataAndOverrides() throws Exception {
        SubscriptionToken token = verify("{\"sub\":\"9\",\"channel\":\"news\",\"expire_at\":1900000000,"
                + "\"info\":{\"role\":\"reader\"},\"b64data\":\"aGk=\",\"client\":\"c1\",\"override\":{"
                + "\"presence\":{\"value\":false},\"join_leave\":{\"value\":true},"
                + "\"force_push_join_leave\":{\"value\":true},\"force_recovery\":{\"value\":false}}}");

        assertThat(token.userId()).isEqualTo("9");
        assertThat(token.channel()).isEqualTo("news");
        assertThat(token.expireAt()).isEqualTo(1_900_000_000L);
        assertThat(utf8(token.info())).isEqualTo("{\"role\":\"reader\"}");
        assertThat(utf8(token.data())).isEqualTo("hi");
        assertThat(token.presence()).isFalse();
        assertThat(token.joinLeave()).isTrue();
        assertThat(token.forcePushJoinLeave()).isTrue();
        assertThat(token.forceRecovery()).isFalse();
        assertThat(token.forcePositioning()).isNull();
    }

    @Test
    void leavesAbsentOptionsEmpty() throws Exception {
        SubscriptionToken token = verify("{\"channel\":\"news\"}");

        assertThat(token).isEqualTo(new SubscriptionToken("", "news", 0, null, null, null, null, null, null, null));
    }

    @Test
    void b64infoAndB64dataWinOverInfoAndData() throws Exception {
        SubscriptionToken token = verify("{\"channel\":\"c\",\"info\":1,\"b64info\":\"aGk=\",\"data\":2,"
                + "\"b64data\":\"aG8=\"}");

        assertThat(utf8(token.info())).isEqualTo("hi");
        assertThat(utf8(token.data())).isEqualTo("ho");
    }

    @Test
    void mergesRepeatedOverrideObjectsLikeGo() throws Exception {
        SubscriptionToken token = verify("{\"channel\":\"c\",\"override\":{\"presence\":{\"value\":true}},"
                + "\"override\":{\"join_leave\":{\"value\":true}}}");

        assertThat(token.presence()).isTrue();
        assertThat(token.joinLeave()).isTrue();
    }

    @Test
    void readsTokensFromTheIssuer() throws Exception {
        SubscriptionToken token = VERIFIER.verifySubscriptionToken(
                TokenIssuer.subscriptionToken(SECRET, "u1", "chat:1", 60));

        assertThat(token.userId()).isEqualTo("u1");
        assertThat(token.channel()).isEqualTo("chat:1");
        assertThat(token.expireAt()).isPositive();
    }

    @Test
    void ignoresClaimsThatOnlyConnectionTokensHave() throws Exception {
        assertThat(verify("{\"channel\":\"c\",\"channels\":\"x\",\"subs\":1,\"meta\":null}").channel())
                .isEqualTo("c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"sub\":\"1\"}", "{\"channel\":\"\"}", "{\"channel\":null}"})
    void rejectsSubscriptionTokenWithoutChannel(String payload) {
        assertThat(verdict(() -> verify(payload))).isEqualTo(INVALID);
        assertThat(verdict(() -> VERIFIER.verifySubscriptionToken(TokenIssuer.connectionToken(SECRET, "1", 0,
                java.util.List.of())))).isEqualTo(INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"channel\":5}", "{\"channel\":\"c\",\"override\":true}",
        "{\"channel\":\"c\",\"override\":{\"join_leave\":{\"value\":1}}}", "{\"channel\":\"c\",\"b64data\":\"a\"}",
        "{\"channel\":\"c\",\"b64info\":\"a b=\"}", "{\"channel\":\"c\",\"client\":1}",
        "{\"channel\":\"c\",\"expire_at\":\"0\"}", "{\"channel\":\"c\",\"data\":}"})
    void rejectsWronglyTypedClaims(String payload) {
        assertThat(verdict(() -> verify(payload))).isEqualTo(INVALID);
    }
}
