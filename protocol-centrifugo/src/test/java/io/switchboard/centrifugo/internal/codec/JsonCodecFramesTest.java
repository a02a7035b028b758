package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden frames of the two JSON codecs: a bidirectional connection (WebSocket, emulation) gets each push
 * wrapped in {@code {"push":…}} next to its command replies; a unidirectional one (uni WebSocket, HTTP
 * stream, SSE) gets the bare Push object and no replies.
 */
class JsonCodecFramesTest {
    private static final JsonCodec BIDI = JsonCodec.BIDI;
    private static final JsonCodec UNI = JsonCodec.UNI;
    private static final ClientInfo BOB = new ClientInfo("42", "c-1", b("{\"name\":\"Bob\"}"), b("{\"role\":1}"));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Publication pub(long offset, String data) {
        return new Publication(offset, b(data), null, Map.of(), 0);
    }

    @Test
    void isATextEncodingThatCarriesOnlyJsonData() throws Exception {
        assertThat(BIDI.binary()).isFalse();
        assertThat(UNI.binary()).isFalse();
        for (String json : List.of("{}", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "[1,[2]]", "\"text\"", "42", "true", " null ")) {
            assertThat(BIDI.carries(b(json))).as(json).isTrue();
        }
        for (String notJson : List.of("", "  ", "text", "{\"a\":1} x", "1 2", "{\"a\":", "{}{}", "[1]]")) {
            assertThat(BIDI.carries(b(notJson))).as(notJson).isFalse();
        }
        assertThat(UNI.carries(null)).isFalse();
        assertThat(UNI.carries(new byte[] {0, 1, (byte) 0xFF})).isFalse();
    }

    @Test
    void decodesCommandsAndPingsWithAnEmptyObject() throws Exception {
        assertThat(s(BIDI.ping())).isEqualTo("{}");
        assertThat(s(UNI.ping())).isEqualTo("{}");
        List<Command> commands = BIDI.decode(b("{\"id\":1,\"presence\":{\"channel\":\"c\"}}\n{}"));
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).method()).isEqualTo(Method.PRESENCE);
        assertThat(commands.get(1).isPong()).isTrue();
    }

    @Test
    void writesEveryCommandReply() {
        assertThat(s(BIDI.error(1, ClientError.LIMIT_EXCEEDED)))
                .isEqualTo("{\"id\":1,\"error\":{\"code\":106,\"message\":\"limit exceeded\"}}");
        assertThat(s(BIDI.empty(2, Method.UNSUBSCRIBE))).isEqualTo("{\"id\":2,\"unsubscribe\":{}}");
        assertThat(s(BIDI.connect(3, new Results.Connect("c", "1.0", true, 60, b("{\"x\":1}"), null, 25, true, "s", "n"))))
                .isEqualTo("{\"id\":3,\"connect\":{\"client\":\"c\",\"version\":\"1.0\",\"expires\":true,\"ttl\":60,"
                        + "\"data\":{\"x\":1},\"ping\":25,\"pong\":true,\"session\":\"s\",\"node\":\"n\"}}");
        assertThat(s(BIDI.subscribe(4, new Results.Subscribe(true, 30, false, null, null, false, 0, false, null, false, false))))
                .isEqualTo("{\"id\":4,\"subscribe\":{\"expires\":true,\"ttl\":30}}");
        Map<String, ClientInfo> members = new LinkedHashMap<>();
        members.put("c-1", BOB);
        members.put("c-2", new ClientInfo("43", "c-2", null, null));
        assertThat(s(BIDI.presence(5, members))).isEqualTo("{\"id\":5,\"presence\":{\"presence\":{"
                + "\"c-1\":{\"user\":\"42\",\"client\":\"c-1\",\"conn_info\":{\"name\":\"Bob\"},\"chan_info\":{\"role\":1}},"
                + "\"c-2\":{\"user\":\"43\",\"client\":\"c-2\"}}}}");
        assertThat(s(BIDI.presence(5, Map.of()))).isEqualTo("{\"id\":5,\"presence\":{\"presence\":{}}}");
        assertThat(s(BIDI.presenceStats(6, new PresenceStats(0, 0))))
                .isEqualTo("{\"id\":6,\"presence_stats\":{\"num_clients\":0,\"num_users\":0}}");
        assertThat(s(BIDI.history(7, new Results.History(List.of(pub(1, "1"), pub(2, "{\"n\":2}")), "ep", 2))))
                .isEqualTo("{\"id\":7,\"history\":{\"publications\":[{\"data\":1,\"offset\":1},{\"data\":{\"n\":2},\"offset\":2}],"
                        + "\"epoch\":\"ep\",\"offset\":2}}");
        assertThat(s(BIDI.history(7, new Results.History(List.of(), "", 0)))).isEqualTo("{\"id\":7,\"history\":{\"publications\":[]}}");
        assertThat(s(BIDI.rpc(8, b("[\"ok\"]")))).isEqualTo("{\"id\":8,\"rpc\":{\"data\":[\"ok\"]}}");
        assertThat(s(BIDI.rpc(8, null))).isEqualTo("{\"id\":8,\"rpc\":{}}");
        assertThat(s(BIDI.refresh(9, new Results.Refresh("c", "1.0", true, 3600))))
                .isEqualTo("{\"id\":9,\"refresh\":{\"client\":\"c\",\"version\":\"1.0\",\"expires\":true,\"ttl\":3600}}");
        assertThat(s(BIDI.subRefresh(10, new Results.SubRefresh(true, 120))))
                .isEqualTo("{\"id\":10,\"sub_refresh\":{\"expires\":true,\"ttl\":120}}");
    }

    @Test
    void writesRecoveredPublicationsOfADeltaSubscriptionAsJsonStrings() {
        var r = new Results.Subscribe(false, 0, true, "ep", List.of(pub(5, "{\"n\":5}")), true, 5, true, null, false, true);
        assertThat(s(BIDI.subscribe(2, r))).isEqualTo("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"ep\","
                + "\"publications\":[{\"data\":\"{\\\"n\\\":5}\",\"offset\":5}],\"recovered\":true,\"offset\":5,"
                + "\"positioned\":true,\"delta\":true}}");
    }

    @Test
    void writesMapEntriesAndRemovalsWithTheirKeyAndARemovalWithoutData() {
        var set = new Publication(2, b("{\"v\":1}"), null, Map.of(), 0, null, "k1", false);
        var removal = new Publication(3, new byte[0], null, Map.of(), 0, null, "k1", true);
        assertThat(s(BIDI.publicationPush("m", set)))
                .isEqualTo("{\"push\":{\"channel\":\"m\",\"pub\":{\"data\":{\"v\":1},\"offset\":2,\"key\":\"k1\"}}}");
        assertThat(s(BIDI.publicationPush("m", removal)))
                .isEqualTo("{\"push\":{\"channel\":\"m\",\"pub\":{\"offset\":3,\"key\":\"k1\",\"removed\":true}}}");
        var base = new Results.Subscribe(false, 0, false, "ep", null, false, 2, false, null, false, false);
        assertThat(s(BIDI.mapSubscribe(5, new Results.MapSubscribe(base, 1, 2, "1", List.of(set))))).isEqualTo(
                "{\"id\":5,\"subscribe\":{\"epoch\":\"ep\",\"offset\":2,\"type\":1,\"phase\":2,\"cursor\":\"1\","
                        + "\"state\":[{\"data\":{\"v\":1},\"offset\":2,\"key\":\"k1\"}]}}");
    }

    @Test
    void wrapsPublicationPushesOnlyOnBidirectionalConnections() {
        var p = new Publication(3, b("{\"a\":1}"), BOB, Map.of("k", "v"), 0);
        String body = "\"channel\":\"news\",\"pub\":{\"data\":{\"a\":1},\"info\":{\"user\":\"42\",\"client\":\"c-1\","
                + "\"conn_info\":{\"name\":\"Bob\"},\"chan_info\":{\"role\":1}},\"offset\":3,\"tags\":{\"k\":\"v\"}}";
        assertThat(s(BIDI.publicationPush("news", p))).isEqualTo("{\"push\":{" + body + "}}");
        assertThat(s(UNI.publicationPush("news", p))).isEqualTo("{" + body + "}");
    }

    @Test
    void writesDeltaPublicationDataAsAStringAndMarksPatches() {
        var p = new Publication(4, b("{\"a\":2}"), BOB, Map.of("k", "v"), 0);
        String info = "\"info\":{\"user\":\"42\",\"client\":\"c-1\",\"conn_info\":{\"name\":\"Bob\"},\"chan_info\":{\"role\":1}}";
        assertThat(s(BIDI.deltaPublicationPush("d", p, b("{\"a\":2}"), false))).isEqualTo("{\"push\":{\"channel\":\"d\","
                + "\"pub\":{\"data\":\"{\\\"a\\\":2}\"," + info + ",\"offset\":4,\"tags\":{\"k\":\"v\"}}}}");
        assertThat(s(UNI.deltaPublicationPush("d", p, b("7\n1:2,2@0,1:}\"}"), true))).isEqualTo("{\"channel\":\"d\","
                + "\"pub\":{\"data\":\"7\\u000a1:2,2@0,1:}\\\"}\"," + info + ",\"offset\":4,\"tags\":{\"k\":\"v\"},\"delta\":true}}");
        var bare = pub(0, "x");
        assertThat(s(UNI.deltaPublicationPush("d", bare, b("x"), true)))
                .isEqualTo("{\"channel\":\"d\",\"pub\":{\"data\":\"x\",\"delta\":true}}");
    }

    @Test
    void writesJoinAndLeaveInBothForms() {
        String info = "{\"info\":{\"user\":\"42\",\"client\":\"c-1\",\"conn_info\":{\"name\":\"Bob\"},\"chan_info\":{\"role\":1}}}";
        assertThat(s(BIDI.joinPush("room", BOB))).isEqualTo("{\"push\":{\"channel\":\"room\",\"join\":" + info + "}}");
        assertThat(s(BIDI.leavePush("room", BOB))).isEqualTo("{\"push\":{\"channel\":\"room\",\"leave\":" + info + "}}");
        assertThat(s(UNI.joinPush("room", BOB))).isEqualTo("{\"channel\":\"room\",\"join\":" + info + "}");
        assertThat(s(UNI.leavePush("room", BOB))).isEqualTo("{\"channel\":\"room\",\"leave\":" + info + "}");
    }

    @Test
    void writesServerSideUnsubscribeAndSubscribeInBothForms() {
        assertThat(s(BIDI.unsubscribePush("room", Unsubscribe.EXPIRED)))
                .isEqualTo("{\"push\":{\"channel\":\"room\",\"unsubscribe\":{\"code\":2501,\"reason\":\"subscription expired\"}}}");
        assertThat(s(UNI.unsubscribePush("room", Unsubscribe.INSUFFICIENT_STATE)))
                .isEqualTo("{\"channel\":\"room\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}");
        assertThat(s(UNI.unsubscribePush("room", new Unsubscribe(2000, ""))))
                .isEqualTo("{\"channel\":\"room\",\"unsubscribe\":{\"code\":2000}}");
        var r = new Results.Subscribe(true, 60, true, "ep", List.of(pub(1, "1")), true, 9, true, b("{\"w\":1}"), true, true);
        String sub = "\"subscribe\":{\"recoverable\":true,\"epoch\":\"ep\",\"offset\":9,\"positioned\":true,\"data\":{\"w\":1}}";
        assertThat(s(BIDI.subscribePush("#42", r))).isEqualTo("{\"push\":{\"channel\":\"#42\"," + sub + "}}");
        assertThat(s(UNI.subscribePush("#42", r))).isEqualTo("{\"channel\":\"#42\"," + sub + "}");
        var plain = new Results.Subscribe(false, 0, false, null, null, false, 0, false, null, false, false);
        assertThat(s(UNI.subscribePush("#42", plain))).isEqualTo("{\"channel\":\"#42\",\"subscribe\":{}}");
        var debounced = new Results.Subscribe(false, 0, false, null, null, false, 0, false, null, false, false, 50);
        assertThat(s(BIDI.subscribe(3, debounced))).isEqualTo("{\"id\":3,\"subscribe\":{\"publish_debounce\":50}}");
    }

    @Test
    void writesDisconnectWithReconnectAdviceInBothForms() {
        assertThat(s(BIDI.disconnectPush(Disconnect.SHUTDOWN)))
                .isEqualTo("{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\",\"reconnect\":true}}}");
        assertThat(s(UNI.disconnectPush(Disconnect.SHUTDOWN)))
                .isEqualTo("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\",\"reconnect\":true}}");
        assertThat(s(UNI.disconnectPush(Disconnect.INVALID_TOKEN)))
                .isEqualTo("{\"disconnect\":{\"code\":3500,\"reason\":\"invalid token\"}}");
    }

    @Test
    void writesTheConnectPushThatOpensAUnidirectionalStream() {
        var sub = new Results.Subscribe(false, 0, true, "ep", List.of(), false, 3, true, null, false, false);
        var r = new Results.Connect("c", "1.0", false, 0, null, Map.of("#42", sub), 25, false, null, null);
        String body = "{\"client\":\"c\",\"version\":\"1.0\",\"subs\":{\"#42\":{\"recoverable\":true,\"epoch\":\"ep\","
                + "\"offset\":3,\"positioned\":true}},\"ping\":25}";
        assertThat(s(UNI.connectPush(r))).isEqualTo("{\"connect\":" + body + "}");
        assertThat(s(BIDI.connectPush(r))).isEqualTo("{\"push\":{\"connect\":" + body + "}}");
    }

    @Test
    void writesTheRefreshPushOfAServerSideRefresh() {
        assertThat(s(UNI.refreshPush(true, 600))).isEqualTo("{\"refresh\":{\"expires\":true,\"ttl\":600}}");
        assertThat(s(BIDI.refreshPush(true, 600))).isEqualTo("{\"push\":{\"refresh\":{\"expires\":true,\"ttl\":600}}}");
        assertThat(s(UNI.refreshPush(false, 0))).isEqualTo("{\"refresh\":{}}");
    }
}
