package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Protocol v1 JSON: the seed's own example frames (seed 000, "Top level framing"), and the replies and pushes as
 * the Centrifuge library wrote them for v1 clients, byte for byte.
 */
class V1JsonCodecTest {
    private static final V1JsonCodec CODEC = V1JsonCodec.BIDI;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // --- the seed's examples ------------------------------------------------------------------------------

    @Test
    void decodesTheSeedsTwoCommandsOfOneFrame() throws Exception {
        byte[] frame = b("{\"id\": 1, \"method\": 2, \"params\": {\"channel\": \"ch1\"}}\n"
                + "{\"id\": 2, \"method\": 2, \"params\": {\"channel\": \"ch2\"}}");
        List<Command> commands = CODEC.decode(frame);
        assertThat(commands).containsExactly(
                new Command(1, Method.UNSUBSCRIBE, new Requests.ChannelOnly("ch1")),
                new Command(2, Method.UNSUBSCRIBE, new Requests.ChannelOnly("ch2")));
    }

    @Test
    void answersThemAsTheSeedShows() {
        // the seed: {"id": 1, "result": {}} and {"id": 2, "result": {}}, here without the optional spaces
        assertThat(s(CODEC.empty(1, Method.UNSUBSCRIBE))).isEqualTo("{\"id\":1,\"result\":{}}");
        assertThat(s(CODEC.empty(2, Method.UNSUBSCRIBE))).isEqualTo("{\"id\":2,\"result\":{}}");
        assertThat(s(CODEC.empty(1, Method.UNSUBSCRIBE))).isEqualTo("{\"id\": 1, \"result\": {}}".replace(" ", ""));
    }

    @Test
    void writesTheSeedsErrorWithTheFlagTheLastV1ServersSent() {
        // the seed shows {"code": 100, "message": "internal server error", "retry": true}; Centrifuge's v1 Error
        // carried the flag as "temporary" (field 3) by the time centrifuge-js 2.8.5 shipped, which reads neither
        assertThat(s(CODEC.error(3, ClientError.INTERNAL)))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        assertThat(s(CODEC.error(4, ClientError.METHOD_NOT_FOUND)))
                .isEqualTo("{\"id\":4,\"error\":{\"code\":104,\"message\":\"method not found\"}}");
    }

    // --- commands -----------------------------------------------------------------------------------------

    @Test
    void connectComesWithoutMethodAndMayComeWithoutParams() throws Exception {
        assertThat(CODEC.decode(b("{\"id\":1}"))).containsExactly(
                new Command(1, Method.CONNECT, new Requests.Connect("", null, Map.of(), "", "", Map.of())));
        Command c = CODEC.decode(b("{\"params\":{\"token\":\"t\",\"data\":{\"a\":1},\"name\":\"js\"},\"id\":1}")).get(0);
        Requests.Connect r = c.request(Requests.Connect.class);
        assertThat(c.method()).isEqualTo(Method.CONNECT);
        assertThat(r.token()).isEqualTo("t");
        assertThat(s(r.data())).isEqualTo("{\"a\":1}");
        assertThat(r.name()).isEqualTo("js");
    }

    @Test
    void aRecoveringSubscribeKeepsRecoverOffsetAndEpochAndDropsWhatV1CannotAsk() throws Exception {
        Command c = CODEC.decode(b("{\"method\":1,\"params\":{\"channel\":\"news\",\"recover\":true,\"offset\":7,"
                + "\"epoch\":\"xyz\",\"positioned\":true,\"recoverable\":true,\"join_leave\":true,\"delta\":\"fossil\"},\"id\":5}")).get(0);
        assertThat(c).isEqualTo(new Command(5, Method.SUBSCRIBE,
                new Requests.Subscribe("news", "", true, "xyz", 7, null, false, false, false, "")));
    }

    @Test
    void everyMethodNumberIsTheV1Enum() throws Exception {
        String[] params = {"{}", "{\"channel\":\"c\"}", "{\"channel\":\"c\"}", "{\"channel\":\"c\",\"data\":1}",
            "{\"channel\":\"c\"}", "{\"channel\":\"c\"}", "{\"channel\":\"c\",\"limit\":3,\"since\":{\"offset\":2,\"epoch\":\"e\"}}",
            "{}", "{\"data\":1}", "{\"method\":\"m\",\"data\":1}", "{\"token\":\"t\"}", "{\"channel\":\"c\",\"token\":\"t\"}"};
        Method[] expected = {Method.CONNECT, Method.SUBSCRIBE, Method.UNSUBSCRIBE, Method.PUBLISH, Method.PRESENCE,
            Method.PRESENCE_STATS, Method.HISTORY, Method.PING, Method.SEND, Method.RPC, Method.REFRESH, Method.SUB_REFRESH};
        for (int n = 0; n < expected.length; n++) {
            Command c = CODEC.decode(b("{\"id\":9,\"method\":" + n + ",\"params\":" + params[n] + "}")).get(0);
            assertThat(c.method()).as("method %d", n).isEqualTo(expected[n]);
        }
        Command h = CODEC.decode(b("{\"id\":9,\"method\":6,\"params\":" + params[6] + "}")).get(0);
        assertThat(h.request(Requests.History.class).limit()).isEqualTo(3);
        assertThat(h.request(Requests.History.class).since().offset()).isEqualTo(2);
    }

    @Test
    void pingNeedsNoParams() throws Exception {
        assertThat(CODEC.decode(b("{\"method\":7,\"id\":4}"))).containsExactly(new Command(4, Method.PING, Boolean.TRUE));
    }

    @Test
    void anUnknownMethodNumberIsACommandWithoutMethod() throws Exception {
        assertThat(CODEC.decode(b("{\"id\":3,\"method\":12,\"params\":{\"x\":1}}"))).containsExactly(new Command(3, null, null));
        assertThat(CODEC.decode(b("{\"id\":3,\"method\":-1}"))).containsExactly(new Command(3, null, null));
    }

    @Test
    void paramsThatDoNotDecodeAreADecodeError() {
        for (String bad : new String[] {
            "{\"id\":2,\"method\":1,\"params\":\"news\"}", // params not an object
            "{\"id\":2,\"method\":1,\"params\":{\"channel\":5}}", // a field of the wrong type
            "{\"id\":2,\"method\":3}", // publish without params
            "{\"id\":2,\"method\":\"subscribe\",\"params\":{}}", // method by name: v2 thinking
            "{\"id\":-1,\"method\":7}",
            "[{\"id\":2,\"method\":7}]",
        }) {
            assertThatThrownBy(() -> CODEC.decode(b(bad))).as(bad).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void aV2CommandReadsAsABareConnect() throws Exception {
        // no method, no params: v1 sees connect, which the connection refuses once connected
        assertThat(CODEC.decode(b("{\"id\":2,\"subscribe\":{\"channel\":\"c\"}}")).get(0).method()).isEqualTo(Method.CONNECT);
    }

    // --- replies ------------------------------------------------------------------------------------------

    @Test
    void connectResultHasNoPingPongSessionOrNode() {
        var sub = new Results.Subscribe(false, 0, true, "ep", List.of(), false, 4, true, null, true, false);
        var r = new Results.Connect("c1", "0.1.0", true, 60, b("{\"k\":1}"), Map.of("#42", sub), 25, true, "s", "n");
        assertThat(s(CODEC.connect(1, r))).isEqualTo("{\"id\":1,\"result\":{\"client\":\"c1\",\"version\":\"0.1.0\","
                + "\"expires\":true,\"ttl\":60,\"data\":{\"k\":1},\"subs\":{\"#42\":{\"recoverable\":true,\"epoch\":\"ep\","
                + "\"offset\":4,\"positioned\":true}}}}");
    }

    @Test
    void aRecoveredSubscribeResultCarriesItsPublicationsWithoutV2Fields() {
        var pubs = List.of(new Publication(6, b("{\"n\":6}"), null, Map.of(), 0));
        var r = new Results.Subscribe(false, 0, true, "ep", pubs, true, 6, true, null, true, false);
        assertThat(s(CODEC.subscribe(2, r))).isEqualTo("{\"id\":2,\"result\":{\"recoverable\":true,\"epoch\":\"ep\","
                + "\"publications\":[{\"data\":{\"n\":6},\"offset\":6}],\"recovered\":true,\"offset\":6,\"positioned\":true}}");
    }

    @Test
    void pingIsAnsweredWithTheIdAlone() {
        assertThat(s(CODEC.empty(7, Method.PING))).isEqualTo("{\"id\":7}");
        assertThat(s(CODEC.empty(8, Method.PUBLISH))).isEqualTo("{\"id\":8,\"result\":{}}");
    }

    @Test
    void presenceHistoryRpcAndRefreshResults() {
        var info = new ClientInfo("u", "c", null, b("{\"r\":1}"));
        assertThat(s(CODEC.presence(3, Map.of("c", info))))
                .isEqualTo("{\"id\":3,\"result\":{\"presence\":{\"c\":{\"user\":\"u\",\"client\":\"c\",\"chan_info\":{\"r\":1}}}}}");
        assertThat(s(CODEC.presenceStats(4, new PresenceStats(0, 0))))
                .isEqualTo("{\"id\":4,\"result\":{\"num_clients\":0,\"num_users\":0}}");
        assertThat(s(CODEC.history(5, new Results.History(List.of(), "", 0))))
                .isEqualTo("{\"id\":5,\"result\":{\"publications\":[],\"epoch\":\"\",\"offset\":0}}");
        assertThat(s(CODEC.rpc(6, b("[1]")))).isEqualTo("{\"id\":6,\"result\":{\"data\":[1]}}");
        assertThat(s(CODEC.refresh(7, new Results.Refresh("c", "0.1.0", true, 30))))
                .isEqualTo("{\"id\":7,\"result\":{\"client\":\"c\",\"version\":\"0.1.0\",\"expires\":true,\"ttl\":30}}");
        assertThat(s(CODEC.subRefresh(8, new Results.SubRefresh(true, 30)))).isEqualTo("{\"id\":8,\"result\":{\"expires\":true,\"ttl\":30}}");
    }

    // --- pushes -------------------------------------------------------------------------------------------

    @Test
    void pushesAreTypedResultsWithoutIdAndPublicationsLeaveTheTypeOut() {
        var info = new ClientInfo("u", "c", null, null);
        assertThat(s(CODEC.publicationPush("news", new Publication(3, b("{\"t\":1}"), info, Map.of(), 0))))
                .isEqualTo("{\"result\":{\"channel\":\"news\",\"data\":{\"data\":{\"t\":1},\"info\":{\"user\":\"u\",\"client\":\"c\"},\"offset\":3}}}");
        assertThat(s(CODEC.joinPush("news", info)))
                .isEqualTo("{\"result\":{\"type\":1,\"channel\":\"news\",\"data\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}}");
        assertThat(s(CODEC.leavePush("news", info)))
                .isEqualTo("{\"result\":{\"type\":2,\"channel\":\"news\",\"data\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}}");
        assertThat(s(CODEC.unsubscribePush("news", Unsubscribe.SERVER)))
                .isEqualTo("{\"result\":{\"type\":3,\"channel\":\"news\",\"data\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}");
        assertThat(s(CODEC.subscribePush("news", new Results.Subscribe(false, 0, true, "ep", List.of(), false, 2, true, null, false, false))))
                .isEqualTo("{\"result\":{\"type\":5,\"channel\":\"news\",\"data\":{\"recoverable\":true,\"epoch\":\"ep\",\"offset\":2,\"positioned\":true}}}");
        assertThat(s(CODEC.disconnectPush(Disconnect.SHUTDOWN)))
                .isEqualTo("{\"result\":{\"type\":7,\"data\":{\"code\":3001,\"reason\":\"shutdown\",\"reconnect\":true}}}");
        assertThat(s(CODEC.refreshPush(true, 60))).isEqualTo("{\"result\":{\"type\":8,\"data\":{\"expires\":true,\"ttl\":60}}}");
    }

    @Test
    void theCloseReasonIsTheJsonAdvice() {
        assertThat(CODEC.closeReason(Disconnect.BAD_REQUEST)).isEqualTo("{\"reason\":\"bad request\",\"reconnect\":false}");
        assertThat(CODEC.closeReason(Disconnect.INSUFFICIENT_STATE)).isEqualTo("{\"reason\":\"insufficient state\",\"reconnect\":true}");
        assertThat(CODEC.closeReason(new Disconnect(4000, "say \"bye\""))).isEqualTo("{\"reason\":\"say \\\"bye\\\"\",\"reconnect\":true}");
        assertThat(JsonCodec.BIDI.closeReason(Disconnect.BAD_REQUEST)).isEqualTo("bad request");
    }

    @Test
    void aLongReasonIsShortenedInsideTheAdviceSoItStaysJsonWithinACloseFrame() {
        String advice = CODEC.closeReason(new Disconnect(4000, "é".repeat(200)));
        assertThat(advice.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(advice).startsWith("{\"reason\":\"éé").endsWith("\",\"reconnect\":true}");
    }
}
