package io.switchboard.centrifugo.codec;

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
}
