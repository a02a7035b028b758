package io.switchboard.centrifugo.internal.codec;

import io.switchboard.centrifugo.internal.filter.FilterNode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCommandDecoderTest {
    private static List<Command> decode(String frame) throws DecodeException {
        return JsonCommandDecoder.decode(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void decodesTheConnectCommandCentrifugeJsSends() throws Exception {
        Command c = decode("{\"connect\":{\"token\":\"t\",\"data\":{\"k\":\"v\"},\"name\":\"js\",\"version\":\"1.2.3\","
                + "\"headers\":{\"X-Foo\":\"bar\"},\"subs\":{\"#42\":{\"recover\":true,\"offset\":12,\"epoch\":\"xDfRkLmn\"}}},\"id\":1}").get(0);
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.method()).isEqualTo(Method.CONNECT);
        Requests.Connect r = c.request(Requests.Connect.class);
        assertThat(r.token()).isEqualTo("t");
        assertThat(str(r.data())).isEqualTo("{\"k\":\"v\"}");
        assertThat(r.name()).isEqualTo("js");
        assertThat(r.headers()).containsEntry("X-Foo", "bar");
        Requests.Subscribe s = r.subs().get("#42");
        assertThat(s.channel()).isEqualTo("#42");
        assertThat(s.recover()).isTrue();
        assertThat(s.since().offset()).isEqualTo(12);
        assertThat(s.since().epoch()).isEqualTo("xDfRkLmn");
    }

    @Test
    void keepsPayloadBytesExactlyAsSent() throws Exception {
        Command c = decode("{\"publish\":{\"channel\":\"c\",\"data\":{ \"a\" : [1, 2.50, \"\\u00e9\"] }},\"id\":4}").get(0);
        assertThat(str(c.request(Requests.Publish.class).data())).isEqualTo("{ \"a\" : [1, 2.50, \"\\u00e9\"] }");
        Command s = decode("{\"publish\":{\"channel\":\"c\",\"data\":\"text\"},\"id\":5}").get(0);
        assertThat(str(s.request(Requests.Publish.class).data())).isEqualTo("\"text\"");
        Command n = decode("{\"publish\":{\"channel\":\"c\",\"data\":42},\"id\":6}").get(0);
        assertThat(str(n.request(Requests.Publish.class).data())).isEqualTo("42");
    }

    @Test
    void decodesSeveralCommandsOfOneFrame() throws Exception {
        List<Command> cs = decode("{\"subscribe\":{\"channel\":\"a\",\"flag\":1},\"id\":2}\n"
                + "{\"history\":{\"channel\":\"a\",\"since\":{\"offset\":5,\"epoch\":\"e\"},\"limit\":10,\"reverse\":true},\"id\":3}\n");
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).request(Requests.Subscribe.class).channel()).isEqualTo("a");
        Requests.History h = cs.get(1).request(Requests.History.class);
        assertThat(h.limit()).isEqualTo(10);
        assertThat(h.reverse()).isTrue();
        assertThat(h.since().offset()).isEqualTo(5);
    }

    @Test
    void decodesTheTagsFilterAndFlagsCentrifugeJsSends() throws Exception {
        Command c = decode("{\"subscribe\":{\"channel\":\"m\",\"flag\":3,\"tf\":{\"op\":\"and\",\"nodes\":["
                + "{\"key\":\"ticker\",\"cmp\":\"eq\",\"val\":\"AAPL\"},{\"key\":\"src\",\"cmp\":\"in\",\"vals\":[\"a\",\"b\"],"
                + "\"future\":{\"x\":1}}]},\"type\":1,\"limit\":10},\"id\":2}").get(0);
        Requests.Subscribe s = c.request(Requests.Subscribe.class);
        assertThat(s.channel()).isEqualTo("m");
        assertThat(s.flag()).isEqualTo(3);
        assertThat(s.tf()).isEqualTo(FilterNode.of("and", FilterNode.leaf("ticker", "eq", "AAPL"),
                FilterNode.leaf("src", "in", List.of("a", "b"))));
        assertThat(s.type()).isEqualTo(1);
        assertThat(s.limit()).isEqualTo(10);
        Requests.Connect connect = decode("{\"connect\":{\"subs\":{\"x\":{\"flag\":2,\"recover\":true}}},\"id\":1}")
                .get(0).request(Requests.Connect.class);
        assertThat(connect.subs().get("x").rejectUnrecovered()).isTrue();
        assertThat(connect.subs().get("x").channel()).isEqualTo("x");
    }

    @Test
    void rejectsAMistypedTagsFilter() {
        assertThatThrownBy(() -> decode("{\"subscribe\":{\"channel\":\"m\",\"tf\":[1]},\"id\":2}"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"subscribe\":{\"channel\":\"m\",\"tf\":{\"vals\":[1]}},\"id\":2}"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"subscribe\":{\"channel\":\"m\",\"tf\":{\"nodes\":\"x\"}},\"id\":2}"))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void readsAnEmptyObjectAsThePong() throws Exception {
        assertThat(decode("{}").get(0).isPong()).isTrue();
        assertThat(decode("{\"id\":3}").get(0).isPong()).isFalse();
    }

    @Test
    void ignoresUnknownFieldsAndTakesTheFirstRequestInFieldOrder() throws Exception {
        Command c = decode("{\"future\":{\"x\":[1,{}]},\"publish\":{\"channel\":\"p\",\"data\":1},"
                + "\"subscribe\":{\"channel\":\"s\"},\"id\":7}").get(0);
        assertThat(c.method()).isEqualTo(Method.SUBSCRIBE);
    }

    @Test
    void rejectsMalformedOrMistypedCommands() {
        assertThatThrownBy(() -> decode("{\"id\":1,")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("not json")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("[1]")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"id\":-1}")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"id\":\"1\"}")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"subscribe\":{\"channel\":5},\"id\":1}")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"subscribe\":\"x\",\"id\":1}")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("{\"subscribe\":{\"channel\":\"a\",\"offset\":1.5},\"id\":1}"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("[".repeat(100) + "]".repeat(100))).isInstanceOf(DecodeException.class);
    }

    private static DecodeException rejected(String frame) {
        try {
            decode(frame);
        } catch (DecodeException e) {
            return e;
        }
        throw new AssertionError("accepted " + frame);
    }

    @Test
    void readsIdsOverTheWholeUint32Range() throws Exception {
        assertThat(decode("{\"id\":0,\"ping\":{}}").get(0).id()).isZero();
        assertThat(decode("{\"id\":4294967295,\"ping\":{}}").get(0).id()).isEqualTo(4294967295L);
        assertThat(rejected("{\"id\":4294967296,\"ping\":{}}")).hasMessageContaining("uint32");
        assertThat(rejected("{\"id\":99999999999999999999}")).hasMessageContaining("out of range");
    }

    @Test
    void treatsNullRequestsAndFieldsAsAbsent() throws Exception {
        Command c = decode("{\"publish\":null,\"subscribe\":{\"channel\":\"s\",\"token\":null,\"data\":null,"
                + "\"recover\":null,\"offset\":null},\"id\":1}").get(0);
        assertThat(c.method()).isEqualTo(Method.SUBSCRIBE);
        Requests.Subscribe s = c.request(Requests.Subscribe.class);
        assertThat(s.token()).isEmpty();
        assertThat(s.data()).isNull();
        assertThat(s.recover()).isFalse();
        assertThat(s.offset()).isZero();
        Requests.History h = decode("{\"history\":{\"channel\":\"h\",\"since\":null,\"limit\":null,\"reverse\":null},\"id\":2}")
                .get(0).request(Requests.History.class);
        assertThat(h.since()).isNull();
        assertThat(h.limit()).isZero();
        assertThat(h.reverse()).isFalse();
        Requests.Connect r = decode("{\"connect\":{\"token\":null,\"data\":null,\"subs\":null,\"headers\":null},\"id\":3}")
                .get(0).request(Requests.Connect.class);
        assertThat(r.token()).isEmpty();
        assertThat(r.data()).isNull();
        assertThat(r.subs()).isEmpty();
        assertThat(r.headers()).isEmpty();
    }

    @Test
    void readsFalseAsFalseAndZeroAsZero() throws Exception {
        Requests.Subscribe s = decode("{\"subscribe\":{\"channel\":\"s\",\"recover\":false,\"positioned\":true,"
                + "\"recoverable\":false,\"join_leave\":true,\"offset\":0,\"epoch\":\"e\",\"delta\":\"fossil\"},\"id\":1}")
                .get(0).request(Requests.Subscribe.class);
        assertThat(s.recover()).isFalse();
        assertThat(s.positioned()).isTrue();
        assertThat(s.recoverable()).isFalse();
        assertThat(s.joinLeave()).isTrue();
        assertThat(s.offset()).isZero();
        assertThat(s.delta()).isEqualTo("fossil");
        assertThat(decode("{\"history\":{\"channel\":\"h\",\"reverse\":false},\"id\":2}").get(0)
                .request(Requests.History.class).reverse()).isFalse();
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        assertThat(rejected("{\"subscribe\":{\"channel\":[\"a\"]},\"id\":1}")).hasMessageContaining("channel must be a string");
        assertThat(rejected("{\"subscribe\":{\"channel\":{\"a\":1}},\"id\":1}")).hasMessageContaining("channel must be a string");
        assertThat(rejected("{\"subscribe\":{\"channel\":\"a\",\"recover\":\"yes\"},\"id\":1}"))
                .hasMessageContaining("recover must be a boolean");
        assertThat(rejected("{\"subscribe\":{\"channel\":\"a\",\"recover\":1},\"id\":1}"))
                .hasMessageContaining("recover must be a boolean");
        assertThat(rejected("{\"subscribe\":{\"channel\":\"a\",\"offset\":\"5\"},\"id\":1}"))
                .hasMessageContaining("offset must be a non-negative integer");
        assertThat(rejected("{\"subscribe\":{\"channel\":\"a\",\"offset\":-1},\"id\":1}"))
                .hasMessageContaining("offset must be a non-negative integer");
        // 2^64 does not fit a long; its low 64 bits are 0, which must not pass for an offset of 0.
        assertThat(rejected("{\"subscribe\":{\"channel\":\"a\",\"offset\":18446744073709551616},\"id\":1}"))
                .hasMessageContaining("offset must be a non-negative integer");
        assertThat(rejected("{\"history\":{\"channel\":\"h\",\"since\":\"5\"},\"id\":1}")).hasMessageContaining("since");
        assertThat(rejected("{\"history\":{\"channel\":\"h\",\"limit\":\"5\"},\"id\":1}")).hasMessageContaining("limit must be an integer");
        assertThat(rejected("{\"history\":{\"channel\":\"h\",\"limit\":2.5},\"id\":1}")).hasMessageContaining("limit must be an integer");
        assertThat(rejected("{\"id\":1.0,\"ping\":{}}")).hasMessageContaining("id must be an integer");
        assertThat(rejected("{\"history\":{\"channel\":\"h\",\"reverse\":\"yes\"},\"id\":1}")).hasMessageContaining("reverse");
        assertThat(rejected("{\"history\":{\"channel\":7},\"id\":1}")).hasMessageContaining("channel");
        assertThat(rejected("{\"connect\":{\"token\":5},\"id\":1}")).hasMessageContaining("token");
        assertThat(rejected("{\"connect\":{\"subs\":[]},\"id\":1}")).hasMessageContaining("subs");
        assertThat(rejected("{\"connect\":{\"subs\":{\"a\":1}},\"id\":1}")).hasMessageContaining("subs.a");
        assertThat(rejected("{\"connect\":{\"headers\":\"x\"},\"id\":1}")).hasMessageContaining("headers");
        assertThat(rejected("{\"connect\":{\"headers\":{\"h\":1}},\"id\":1}")).hasMessageContaining("headers.h");
    }

    @Test
    void clampsHistoryLimitsToTheIntRange() throws Exception {
        assertThat(decode("{\"history\":{\"channel\":\"h\",\"limit\":1099511627776},\"id\":1}").get(0)
                .request(Requests.History.class).limit()).isEqualTo(Integer.MAX_VALUE);
        assertThat(decode("{\"history\":{\"channel\":\"h\",\"limit\":-1099511627776},\"id\":1}").get(0)
                .request(Requests.History.class).limit()).isEqualTo(Integer.MIN_VALUE);
        assertThat(decode("{\"history\":{\"channel\":\"h\",\"limit\":-1},\"id\":1}").get(0)
                .request(Requests.History.class).limit()).isEqualTo(-1);
    }

    @Test
    void keepsConnectDataOfEveryJsonTypeExactly() throws Exception {
        for (String data : List.of("\"a string, with \\\"quotes\\\"\"", "[1, [2, {}]]", "{\"k\": \"v\"}", "12.50", "false")) {
            Requests.Connect r = decode("{\"connect\":{\"data\":" + data + ",\"name\":\"n\"},\"id\":1}").get(0)
                    .request(Requests.Connect.class);
            assertThat(str(r.data())).isEqualTo(data);
            assertThat(r.name()).isEqualTo("n");
        }
    }

    @Test
    void decodesTheBareConnectRequestOfAUnidirectionalClient() throws Exception {
        Requests.Connect r = JsonCommandDecoder.decodeConnectRequest(("{\"token\":\"t\",\"data\":\"hello\","
                + "\"subs\":{\"news\":{\"recover\":true,\"offset\":4,\"epoch\":\"e\"}},\"name\":\"uni\",\"version\":\"2\","
                + "\"future\":[1]}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.token()).isEqualTo("t");
        assertThat(str(r.data())).isEqualTo("\"hello\"");
        assertThat(r.name()).isEqualTo("uni");
        assertThat(r.version()).isEqualTo("2");
        assertThat(r.subs().get("news").channel()).isEqualTo("news");
        assertThat(r.subs().get("news").since().offset()).isEqualTo(4);
        assertThat(JsonCommandDecoder.decodeConnectRequest("{}".getBytes(StandardCharsets.UTF_8)).token()).isEmpty();
        assertThatThrownBy(() -> JsonCommandDecoder.decodeConnectRequest("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> JsonCommandDecoder.decodeConnectRequest("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> JsonCommandDecoder.decodeConnectRequest("{\"token\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
    }

    @Test
    void decodesEmulationRequestsWithDataAsAStringOrAsJson() throws Exception {
        Requests.Emulation e = JsonCommandDecoder.decodeEmulation(("{\"node\":\"n1\",\"session\":\"s1\","
                + "\"data\":\"{\\\"id\\\":1,\\\"ping\\\":{}}\",\"extra\":{\"x\":[1]}}").getBytes(StandardCharsets.UTF_8));
        assertThat(e.node()).isEqualTo("n1");
        assertThat(e.session()).isEqualTo("s1");
        assertThat(str(e.data())).isEqualTo("{\"id\":1,\"ping\":{}}");
        Requests.Emulation raw = JsonCommandDecoder.decodeEmulation(
                "{\"session\":\"s1\",\"data\":{\"id\":1,\"ping\":{}}}".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.node()).isEmpty();
        assertThat(str(raw.data())).isEqualTo("{\"id\":1,\"ping\":{}}");
        for (String bad : List.of("{\"data\":\"x\"}", "{\"session\":\"s\"}", "{\"session\":\"\",\"data\":\"x\"}",
                "{\"session\":\"s\",\"data\":null}")) {
            assertThatThrownBy(() -> JsonCommandDecoder.decodeEmulation(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(DecodeException.class).hasMessageContaining("session and data are required");
        }
        assertThatThrownBy(() -> JsonCommandDecoder.decodeEmulation("\"s\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> JsonCommandDecoder.decodeEmulation("{\"session\":5,\"data\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("session must be a string");
        assertThatThrownBy(() -> JsonCommandDecoder.decodeEmulation("{\"session\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
    }
}
