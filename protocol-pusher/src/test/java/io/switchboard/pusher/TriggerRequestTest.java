package io.switchboard.pusher;

import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading trigger bodies: any bytes end in an event or a refusal, and the mapping of what pusher-http-node sends. */
class TriggerRequestTest {
    private static final PusherApp APP = PusherApp.of("1", "key", "secret");
    private static final String EVENT = "{\"name\":\"greet\",\"data\":\"{\\\"a\\\":[1,2]}\",\"channels\":[\"news\",\"presence-r\"],"
            + "\"socket_id\":\"12.34\",\"info\":\"user_count\"}";
    private static final String BATCH = "{\"batch\":[{\"channel\":\"a\",\"name\":\"n\",\"data\":\"d\"},{\"channel\":\"b\",\"name\":\"m\",\"data\":{}}]}";

    private static TriggerRequest read(String body) {
        return TriggerRequest.parse(PusherApi.body(body.getBytes(StandardCharsets.UTF_8)), APP);
    }

    @Test
    void readsWhatPusherHttpNodeSends() {
        TriggerRequest e = read(EVENT);
        assertThat(e.name()).isEqualTo("greet");
        assertThat(e.data()).isEqualTo("{\"a\":[1,2]}");
        assertThat(e.channels()).containsExactly("news", "presence-r");
        assertThat(e.socketId()).isEqualTo("12.34");
        assertThat(e.info()).isEqualTo(new InfoAttributes(true, false));
        assertThat(read("{\"name\":\"n\",\"data\":[1, true],\"channel\":\"c\"}").data()).isEqualTo("[1,true]");
        assertThat(read("{\"name\":\"n\",\"data\":null,\"channel\":\"c\"}").data()).isEqualTo("null");
    }

    @Test
    void refusesWhatIsNoEvent() {
        for (String bad : List.of("{\"name\":1,\"data\":\"x\",\"channel\":\"c\"}", "{\"name\":\"n\",\"channel\":\"c\"}",
                "{\"name\":\"n\",\"data\":\"x\",\"channels\":\"c\"}", "{\"name\":\"n\",\"data\":\"x\",\"channels\":[1]}",
                "{\"name\":\"n\",\"data\":\"x\",\"channel\":\"c\",\"socket_id\":12.34}",
                "{\"name\":\"n\",\"data\":\"x\",\"channel\":\"c\",\"info\":[\"user_count\"]}", "null", "\"x\"", "")) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(ApiRefusal.class)
                    .satisfies(t -> assertThat(((ApiRefusal) t).status).isEqualTo(400));
        }
    }

    @Test
    void channelNamesArePushersCharactersAndTheUserPrefix() {
        assertThat(TriggerRequest.validChannel("private-encrypted-A_z0-9=@,.;", APP)).isTrue();
        assertThat(TriggerRequest.validChannel("#server-to-user-42", APP)).isTrue();
        for (String bad : List.of("", "#other", "a#b", "a:b", "a b", "a/b", "é", "#server-to-user-", "n".repeat(201))) {
            assertThat(TriggerRequest.validChannel(bad, APP)).as(bad).isFalse();
        }
    }

    @Test
    void mutatedBodiesEndInAnEventOrARefusal() {
        Property.forAll(300, rnd -> {
            byte[] body = Mutations.mutate((rnd.nextBoolean() ? EVENT : BATCH).getBytes(StandardCharsets.UTF_8), rnd);
            Property.onlyThrows(ApiRefusal.class, body.length, () -> {
                var json = PusherApi.body(body);
                if (TriggerRequest.has(json, "batch") && TriggerRequest.member(json, "batch") instanceof List<?> items) {
                    for (Object item : items) TriggerRequest.parse(item, APP);
                } else {
                    TriggerRequest.parse(json, APP);
                }
            });
        });
    }

    @Test
    void anyChangeToASignedRequestIsRefused() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", APP.key());
        params.put("auth_timestamp", "1700000000");
        params.put("auth_version", "1.0");
        params.put("body_md5", Signatures.md5Hex(body));
        params.put("auth_signature", ApiSignature.sign(APP.secret(), "POST", "/apps/1/events", params));
        assertThat(ApiSignature.refusal(APP, "POST", List.of("/apps/1/events"), params, body, clock)).isNull();
        Property.forAll(100, rnd -> {
            byte[] other = Mutations.mutate(body, rnd);
            String path = rnd.nextBoolean() ? "/apps/1/events" : Mutations.mutate("/apps/1/events", rnd);
            Map<String, String> p = new LinkedHashMap<>(params);
            if (rnd.nextBoolean()) p.put("info", Mutations.mutate("user_count", rnd));
            boolean same = java.util.Arrays.equals(other, body) && path.equals("/apps/1/events") && p.equals(params);
            String refusal = ApiSignature.refusal(APP, "POST", List.of(path), p, other, clock);
            if (same) assertThat(refusal).isNull();
            else assertThat(refusal).isNotNull();
        });
    }
}
