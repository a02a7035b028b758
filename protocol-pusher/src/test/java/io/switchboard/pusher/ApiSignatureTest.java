package io.switchboard.pusher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pusher's request signature, on the worked example of Pusher's REST API docs. */
class ApiSignatureTest {
    private static final PusherApp APP = PusherApp.of("3", "278d425bdf160c739803", "7ad3773142a6692b25b8");
    private static final byte[] BODY = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final long TIMESTAMP = 1353088179;
    private static final String SIGNATURE = "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";

    private static Clock at(long seconds) {
        return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
    }

    private static Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("auth_key", APP.key());
        p.put("auth_timestamp", String.valueOf(TIMESTAMP));
        p.put("auth_version", "1.0");
        p.put("body_md5", "ec365a775a4cd0599faeb73354201b6f");
        p.put("auth_signature", SIGNATURE);
        return p;
    }

    private static String refusal(Map<String, String> params, byte[] body, Clock clock) {
        return ApiSignature.refusal(APP, "POST", List.of("/apps/3/events"), params, body, clock);
    }

    @Test
    void signsTheWorkedExample() {
        assertThat(Signatures.md5Hex(BODY)).isEqualTo("ec365a775a4cd0599faeb73354201b6f");
        assertThat(ApiSignature.stringToSign("POST", "/apps/3/events", params())).isEqualTo("POST\n/apps/3/events\n"
                + "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f");
        assertThat(ApiSignature.sign(APP.secret(), "POST", "/apps/3/events", params())).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheWorkedExampleWithinTheWindow() {
        assertThat(refusal(params(), BODY, at(TIMESTAMP))).isNull();
        assertThat(refusal(params(), BODY, at(TIMESTAMP + ApiSignature.WINDOW_SECONDS))).isNull();
        assertThat(refusal(params(), BODY, at(TIMESTAMP - ApiSignature.WINDOW_SECONDS))).isNull();
    }

    @Test
    void refusesATimestampOutsideTheWindowEitherWay() {
        assertThat(refusal(params(), BODY, at(TIMESTAMP + ApiSignature.WINDOW_SECONDS + 1))).contains("auth_timestamp");
        assertThat(refusal(params(), BODY, at(TIMESTAMP - ApiSignature.WINDOW_SECONDS - 1))).contains("auth_timestamp");
        Map<String, String> p = params();
        p.put("auth_timestamp", "soon");
        assertThat(refusal(p, BODY, at(TIMESTAMP))).contains("auth_timestamp");
    }

    @Test
    void refusesAnotherBodyThanItsMd5() {
        byte[] other = "{\"name\":\"foo\",\"channels\":[\"project-4\"],\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(refusal(params(), other, at(TIMESTAMP))).contains("body_md5");
    }

    @Test
    void refusesABodyWithoutMd5EvenWhenSignedWithout() {
        Map<String, String> p = params();
        p.remove("body_md5");
        p.put("auth_signature", ApiSignature.sign(APP.secret(), "POST", "/apps/3/events", p));
        assertThat(refusal(p, BODY, at(TIMESTAMP))).contains("body_md5");
        assertThat(refusal(p, new byte[0], at(TIMESTAMP))).isNull();
    }

    @Test
    void refusesAnotherKeyVersionOrSignature() {
        Map<String, String> key = params();
        key.put("auth_key", "someone-else");
        assertThat(refusal(key, BODY, at(TIMESTAMP))).contains("auth_key");
        Map<String, String> version = params();
        version.put("auth_version", "2.0");
        assertThat(refusal(version, BODY, at(TIMESTAMP))).contains("auth_version");
        Map<String, String> signature = params();
        signature.put("auth_signature", SIGNATURE.replace('d', 'e'));
        assertThat(refusal(signature, BODY, at(TIMESTAMP))).contains("auth_signature");
        Map<String, String> missing = params();
        missing.remove("auth_signature");
        assertThat(refusal(missing, BODY, at(TIMESTAMP))).contains("auth_signature");
    }

    @Test
    void signsEveryOtherParameterSoNoneCanBeAddedOrChanged() {
        Map<String, String> added = params();
        added.put("info", "user_count");
        assertThat(refusal(added, BODY, at(TIMESTAMP))).contains("auth_signature");
        assertThat(ApiSignature.refusal(APP, "GET", List.of("/apps/3/events"), params(), BODY, at(TIMESTAMP)))
                .contains("auth_signature");
        assertThat(ApiSignature.refusal(APP, "POST", List.of("/apps/3/batch_events"), params(), BODY, at(TIMESTAMP)))
                .contains("auth_signature");
    }

    @Test
    void lowercasesAndSortsKeysAndKeepsValuesUnescaped() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("info", "user_count,subscription_count");
        p.put("Filter_By_Prefix", "presence-");
        p.put("auth_key", "k");
        p.put("auth_signature", "ignored");
        p.put("name", "Something else");
        assertThat(ApiSignature.stringToSign("get", "/apps/1/channels", p)).isEqualTo("GET\n/apps/1/channels\n"
                + "auth_key=k&filter_by_prefix=presence-&info=user_count,subscription_count&name=Something else");
    }

    @Test
    void acceptsASignatureOverAnyOfThePathsSpellings() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("auth_key", APP.key());
        p.put("auth_timestamp", String.valueOf(TIMESTAMP));
        p.put("auth_version", "1.0");
        p.put("auth_signature", ApiSignature.sign(APP.secret(), "GET", "/apps/3/channels/#server-to-user-1", p));
        assertThat(ApiSignature.refusal(APP, "GET", List.of("/apps/3/channels/%23server-to-user-1",
                "/apps/3/channels/#server-to-user-1"), p, new byte[0], at(TIMESTAMP))).isNull();
        assertThat(ApiSignature.refusal(APP, "GET", List.of("/apps/3/channels/%23server-to-user-1"), p, new byte[0],
                at(TIMESTAMP))).contains("auth_signature");
    }
}
