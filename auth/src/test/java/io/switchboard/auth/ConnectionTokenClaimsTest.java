package io.switchboard.auth;

import static io.switchboard.auth.TokenException.Kind.INVALID;
import static io.switchboard.auth.Tokens.SECRET;
import static io.switchboard.auth.Tokens.claims;
import static io.switchboard.auth.Tokens.signedJson;
import static io.switchboard.auth.Tokens.utf8;
import static io.switchboard.auth.Tokens.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionTokenClaimsTest {
    private static final TokenVerifier VERIFIER = new TokenVerifier(TokenKeys.hmac(SECRET));

    private static ConnectionToken verify(String payloadJson) throws TokenException {
        return VERIFIER.verifyConnectionToken(signedJson(payloadJson));
    }

    @Test
    void readsUserInfoChannelsAndMeta() throws Exception {
        ConnectionToken token = verify("{\"sub\":\"42\", \"info\": {\"name\": \"Ann\", \"n\": [1, 2.50, -0, 1e3]},"
                + " \"channels\": [\"news\", \"chat\"], \"meta\": {\"plan\": \"pro\", \"tags\": []}}");

        assertThat(token.userId()).isEqualTo("42");
        assertThat(utf8(token.info())).isEqualTo("{\"name\":\"Ann\",\"n\":[1,2.50,-0,1e3]}");
        assertThat(token.channels()).containsExactly("news", "chat");
        assertThat(token.subs()).isEmpty();
        assertThat(utf8(token.meta())).isEqualTo("{\"plan\":\"pro\",\"tags\":[]}");
    }

    @Test
    void leavesAbsentClaimsEmpty() throws Exception {
        ConnectionToken token = verify("{}");

        assertThat(token.userId()).isEmpty();
        assertThat(token.expireAt()).isZero();
        assertThat(token.info()).isNull();
        assertThat(token.meta()).isNull();
        assertThat(token.channels()).isEmpty();
        assertThat(token.subs()).isEmpty();
    }

    @Test
    void keepsInfoThatIsNotAnObject() throws Exception {
        assertThat(utf8(verify("{\"info\":\"caf\\u00e9 \\\"q\\\"\"}").info())).isEqualTo("\"café \\\"q\\\"\"");
        assertThat(utf8(verify("{\"info\":17}").info())).isEqualTo("17");
    }

    @Test
    void keepsExplicitNullInfoAsJsonNullLikeGo() throws Exception {
        assertThat(utf8(verify("{\"info\":null,\"meta\":null}").info())).isEqualTo("null");
        assertThat(utf8(verify("{\"info\":null,\"meta\":null}").meta())).isEqualTo("null");
    }

    @Test
    void decodesB64info() throws Exception {
        assertThat(verify("{\"b64info\":\"AAEC/w==\"}").info()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void b64infoWinsOverInfo() throws Exception {
        assertThat(utf8(verify("{\"info\":{\"a\":1},\"b64info\":\"aGk=\"}").info())).isEqualTo("hi");
        assertThat(utf8(verify("{\"info\":{\"a\":1},\"b64info\":\"\"}").info())).isEqualTo("{\"a\":1}");
    }

    @Test
    void readsSubsWithInfoDataAndOverrides() throws Exception {
        ConnectionToken token = verify("{\"subs\":{"
                + "\"news\":{\"info\":{\"x\":1},\"b64data\":\"aGk=\",\"override\":{"
                + "\"presence\":{\"value\":true},\"join_leave\":{\"value\":false},\"force_push_join_leave\":{},"
                + "\"force_recovery\":{\"value\":true},\"force_positioning\":null}},"
                + "\"chat\":{\"b64info\":\"aGk=\",\"data\":[1]},"
                + "\"bare\":null}}");

        SubscribeClaim news = token.subs().get("news");
        assertThat(utf8(news.info())).isEqualTo("{\"x\":1}");
        assertThat(utf8(news.data())).isEqualTo("hi");
        assertThat(news.presence()).isTrue();
        assertThat(news.joinLeave()).isFalse();
        assertThat(news.forcePushJoinLeave()).isFalse();
        assertThat(news.forceRecovery()).isTrue();
        assertThat(news.forcePositioning()).isNull();
        SubscribeClaim chat = token.subs().get("chat");
        assertThat(utf8(chat.info())).isEqualTo("hi");
        assertThat(utf8(chat.data())).isEqualTo("[1]");
        assertThat(chat.presence()).isNull();
        assertThat(token.subs().get("bare"))
                .isEqualTo(new SubscribeClaim(null, null, null, null, null, null, null));
        assertThat(token.subs().keySet()).containsExactly("news", "chat", "bare");
    }

    @Test
    void ignoresChannelsWhenSubsArePresentLikeCentrifugo() throws Exception {
        assertThat(verify("{\"channels\":[\"a\"],\"subs\":{\"b\":{}}}").channels()).isEmpty();
        assertThat(verify("{\"channels\":[\"a\"],\"subs\":{}}").channels()).containsExactly("a");
    }

    @Test
    void rejectsConnectionTokenCarryingChannelClaim() {
        String subscriptionToken = TokenIssuer.subscriptionToken(SECRET, "1", "news", 60);

        assertThat(verdict(() -> VERIFIER.verifyConnectionToken(subscriptionToken))).isEqualTo(INVALID);
    }

    @Test
    void acceptsEmptyChannelClaimInConnectionToken() throws Exception {
        assertThat(verify("{\"sub\":\"1\",\"channel\":\"\"}").userId()).isEqualTo("1");
    }

    @Test
    void matchesClaimNamesCaseInsensitivelyLikeGo() throws Exception {
        assertThat(verify("{\"SUB\":\"7\",\"Channels\":[\"a\"]}").userId()).isEqualTo("7");
        assertThat(verify("{\"SUB\":\"7\",\"Channels\":[\"a\"]}").channels()).containsExactly("a");
        assertThat(verdict(() -> verify("{\"Channel\":\"news\"}"))).isEqualTo(INVALID);
    }

    @Test
    void letsLaterDuplicateClaimsWinLikeGo() throws Exception {
        assertThat(verify("{\"sub\":\"a\",\"sub\":\"b\"}").userId()).isEqualTo("b");
        assertThat(verify("{\"sub\":\"a\",\"sub\":null}").userId()).isEqualTo("a");
    }

    @Test
    void acceptsLiteralNullPayloadAsNoClaimsLikeGo() throws Exception {
        assertThat(verify("null").userId()).isEmpty();
    }

    @Test
    void ignoresClaimsThatOnlySubscriptionTokensHave() throws Exception {
        assertThat(verify("{\"sub\":\"1\",\"data\":5,\"b64data\":7,\"override\":true,\"client\":1}").userId())
                .isEqualTo("1");
    }

    @Test
    void toleratesUnknownClaimsOfAnyType() throws Exception {
        assertThat(verify("{\"sub\":\"1\",\"custom\":{\"deep\":[null,true,1.5e-3]}}").userId()).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"channels\":\"news\"}", "{\"channels\":[1]}", "{\"channels\":{}}", "{\"sub\":5}", "{\"sub\":{}}",
        "{\"iss\":1}", "{\"jti\":false}", "{\"exp\":\"soon\"}", "{\"exp\":true}", "{\"exp\":[1]}",
        "{\"exp\":1e400}", "{\"iat\":\"x\"}", "{\"nbf\":{}}", "{\"expire_at\":1.5}", "{\"expire_at\":\"1\"}",
        "{\"expire_at\":1e3}", "{\"expire_at\":99999999999999999999}", "{\"aud\":null}", "{\"aud\":[1]}",
        "{\"aud\":[\"a\",null]}", "{\"aud\":5}", "{\"b64info\":\"%%%\"}", "{\"b64info\":\"aGk\"}",
        "{\"b64info\":7}", "{\"subs\":[]}", "{\"subs\":\"x\"}", "{\"subs\":{\"ch\":5}}",
        "{\"subs\":{\"ch\":{\"b64data\":\"!\"}}}", "{\"subs\":{\"ch\":{\"b64info\":[]}}}",
        "{\"subs\":{\"ch\":{\"override\":5}}}", "{\"subs\":{\"ch\":{\"override\":{\"presence\":true}}}}",
        "{\"subs\":{\"ch\":{\"override\":{\"presence\":{\"value\":\"yes\"}}}}}", "{\"channel\":5}",
        "[]", "\"claims\"", "42", "", "{\"sub\":\"a\",}", "{'sub':'a'}", "{\"sub\":\"a\"} {}", "{\"a\":01}"})
    void rejectsWronglyTypedOrMalformedClaims(String payload) {
        assertThat(verdict(() -> verify(payload))).isEqualTo(INVALID);
    }

    @Test
    void readsTokensFromTheIssuer() throws Exception {
        ConnectionToken token = VERIFIER.verifyConnectionToken(
                TokenIssuer.connectionToken(SECRET, "u1", 3600, List.of("a", "b")));

        assertThat(token.userId()).isEqualTo("u1");
        assertThat(token.channels()).containsExactly("a", "b");
        assertThat(token.expireAt()).isPositive();
        assertThat(VERIFIER.verifyConnectionToken(TokenIssuer.hs256(SECRET, claims(
                "sub", "u2", "info", Map.of("k", List.of(true, 2))))).info()).asString().isEqualTo("{\"k\":[true,2]}");
    }
}
