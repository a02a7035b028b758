package io.switchboard.centrifugo.internal.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Which protocol generation a connection's first frame speaks. */
class FirstCommandTest {
    private static ProtocolVersion json(String frame) {
        return FirstCommand.version(frame.getBytes(StandardCharsets.UTF_8), false);
    }

    private static ProtocolVersion protobuf(String hex) {
        return FirstCommand.version(HexFormat.of().parseHex(hex), true);
    }

    @Test
    void jsonV1NumbersItsMethodOrWrapsParamsOrNamesNothing() {
        assertThat(json("{\"params\":{\"token\":\"t\",\"name\":\"js\"},\"id\":1}")).isEqualTo(ProtocolVersion.V1);
        assertThat(json("{\"id\":1,\"method\":0}")).isEqualTo(ProtocolVersion.V1);
        assertThat(json("{\"id\":1}")).isEqualTo(ProtocolVersion.V1); // centrifuge-js 2.x connect without token
        assertThat(json("{\"id\": 1, \"method\": 2, \"params\": {\"channel\": \"ch1\"}}\n{\"id\":2}")).isEqualTo(ProtocolVersion.V1);
    }

    @Test
    void jsonV2NamesItsRequest() {
        assertThat(json("{\"connect\":{\"name\":\"js\"},\"id\":1}")).isEqualTo(ProtocolVersion.V2);
        assertThat(json("{\"id\":1,\"connect\":{}}")).isEqualTo(ProtocolVersion.V2);
    }

    @Test
    void whatIsNoCommandIsLeftToV2sDecoder() {
        assertThat(json("[1]")).isEqualTo(ProtocolVersion.V2);
        assertThat(json("{\"id\":")).isEqualTo(ProtocolVersion.V2);
        assertThat(json("")).isEqualTo(ProtocolVersion.V2);
        assertThat(protobuf("")).isEqualTo(ProtocolVersion.V2);
        assertThat(protobuf("ffffffff0f")).isEqualTo(ProtocolVersion.V2);
        assertThat(protobuf("0a0801")).isEqualTo(ProtocolVersion.V2); // longer than the frame
    }

    @Test
    void protobufV1HasMethodOrParamsFieldsV2ARequestField() {
        assertThat(protobuf("0d080110001a070a017422026a73")).isEqualTo(ProtocolVersion.V1); // 2.8.5's connect
        assertThat(protobuf("020801")).isEqualTo(ProtocolVersion.V1); // {id:1} alone
        assertThat(protobuf("0408012200")).isEqualTo(ProtocolVersion.V2); // {id:1, connect:{}}
    }
}
