package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import io.switchboard.centrifugo.proto.PublishRequest;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Random, truncated and mutated command frames end in DecodeException; valid frames decode to what was written. */
@Timeout(20)
class DecoderPropertiesTest {
    private static String channel(Random rnd) {
        return "ch" + rnd.nextInt(1000) + (rnd.nextBoolean() ? ":é" : "");
    }

    private static String jsonFrame(Random rnd, List<Object[]> expected) {
        StringBuilder out = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int id = 1 + rnd.nextInt(1_000_000);
            String ch = channel(rnd);
            String data = "{\"v\":[" + rnd.nextInt() + ",\"x\"]}";
            if (i > 0) out.append('\n');
            out.append("{\"id\":").append(id).append(",\"publish\":{\"channel\":\"").append(ch)
                    .append("\",\"data\":").append(data).append("}}");
            expected.add(new Object[] {(long) id, ch, data});
        }
        return out.toString();
    }

    private static byte[] protobufFrame(Random rnd, List<Object[]> expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int id = 1 + rnd.nextInt(1_000_000);
            String ch = channel(rnd);
            byte[] data = Mutations.insert(Mutations.randomBytes(rnd, 40), 0, new byte[] {7}); // empty bytes decode as absent
            io.switchboard.centrifugo.proto.Command.newBuilder().setId(id)
                    .setPublish(PublishRequest.newBuilder().setChannel(ch).setData(ByteString.copyFrom(data)))
                    .build().writeDelimitedTo(out);
            expected.add(new Object[] {(long) id, ch, data});
        }
        return out.toByteArray();
    }

    private static void assertPublishes(List<Command> got, List<Object[]> expected) {
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            Command c = got.get(i);
            Object[] e = expected.get(i);
            assertThat(c.id()).isEqualTo(e[0]);
            assertThat(c.method()).isEqualTo(Method.PUBLISH);
            Requests.Publish p = c.request(Requests.Publish.class);
            assertThat(p.channel()).isEqualTo(e[1]);
            byte[] data = e[2] instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) e[2];
            assertThat(p.data()).isEqualTo(data);
        }
    }

    @Test
    void jsonRoundTrips() {
        Property.forAll(60, rnd -> {
            List<Object[]> expected = new java.util.ArrayList<>();
            byte[] frame = jsonFrame(rnd, expected).getBytes(StandardCharsets.UTF_8);
            assertPublishes(JsonCodec.BIDI.decode(frame), expected);
        });
    }

    @Test
    void protobufRoundTrips() {
        Property.forAll(60, rnd -> {
            List<Object[]> expected = new java.util.ArrayList<>();
            byte[] frame = protobufFrame(rnd, expected);
            assertPublishes(ProtobufCodec.BIDI.decode(frame), expected);
        });
    }

    @Test
    void mutatedJsonEndsInDecodeException() {
        Property.forAll(400, rnd -> {
            byte[] frame = Mutations.mutate(jsonFrame(rnd, new java.util.ArrayList<>()).getBytes(StandardCharsets.UTF_8), rnd);
            Property.onlyThrows(DecodeException.class, frame.length, () -> JsonCommandDecoder.decode(frame));
            Property.onlyThrows(DecodeException.class, frame.length, () -> JsonCommandDecoder.decodeConnectRequest(frame));
            Property.onlyThrows(DecodeException.class, frame.length, () -> JsonCommandDecoder.decodeEmulation(frame));
        });
    }

    @Test
    void mutatedProtobufEndsInDecodeException() {
        Property.forAll(400, rnd -> {
            byte[] frame = Mutations.mutate(protobufFrame(rnd, new java.util.ArrayList<>()), rnd);
            Property.onlyThrows(DecodeException.class, frame.length, () -> ProtobufCommandDecoder.decode(frame));
            Property.onlyThrows(DecodeException.class, frame.length, () -> ProtobufCommandDecoder.decodeConnectRequest(frame));
            Property.onlyThrows(DecodeException.class, frame.length, () -> ProtobufCommandDecoder.decodeEmulation(frame));
        });
    }

    @Test
    void everyTruncationEndsInDecodeException() {
        Property.forAll(3, rnd -> {
            byte[] json = jsonFrame(rnd, new java.util.ArrayList<>()).getBytes(StandardCharsets.UTF_8);
            byte[] proto = protobufFrame(rnd, new java.util.ArrayList<>());
            for (int cut = 0; cut < json.length; cut++) {
                byte[] f = Arrays.copyOf(json, cut);
                Property.onlyThrows(DecodeException.class, f.length, () -> JsonCommandDecoder.decode(f));
            }
            for (int cut = 0; cut < proto.length; cut++) {
                byte[] f = Arrays.copyOf(proto, cut);
                Property.onlyThrows(DecodeException.class, f.length, () -> ProtobufCommandDecoder.decode(f));
            }
        });
    }

    @Test
    void randomBytesEndInDecodeException() {
        Property.forAll(200, rnd -> {
            byte[] f = Mutations.randomBytes(rnd, 64);
            Property.onlyThrows(DecodeException.class, f.length, () -> JsonCodec.BIDI.decode(f));
            Property.onlyThrows(DecodeException.class, f.length, () -> ProtobufCodec.BIDI.decode(f));
        });
    }

    @Test
    void deepNestingAndHugeLengthsAreRejected() {
        byte[] deep = ("{\"id\":1,\"rpc\":{\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonCommandDecoder.decode(deep)).isInstanceOf(DecodeException.class);
        byte[] hugeLength = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x08, 0x01};
        Property.onlyThrows(DecodeException.class, hugeLength.length, () -> ProtobufCommandDecoder.decode(hugeLength));
        byte[] sub = io.switchboard.centrifugo.proto.Command.newBuilder().setId(1)
                .setSubscribe(SubscribeRequest.newBuilder().setChannel("c")).build().toByteArray();
        Property.onlyThrows(DecodeException.class, sub.length, () -> ProtobufCommandDecoder.decode(sub));
    }

    /** Defect 1: a BOM or NUL bytes in the first four bytes made Jackson read UTF-16/32. */
    @Test
    void jsonFramesMustBeUtf8() {
        byte[][] frames = {
                {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'},
                {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0},
                {0, 0, 0, '{', 0, 0, 0, '}'},
                {'{', 0, 0, 0, '}', 0, 0, 0},
                {0, '{', 0, '}'},
                {'{', 0, '}', 0},
                {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
        };
        for (byte[] f : frames) {
            assertThatThrownBy(() -> JsonCommandDecoder.decode(f)).as(Arrays.toString(f)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> JsonCommandDecoder.decodeConnectRequest(f)).as(Arrays.toString(f)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> JsonCommandDecoder.decodeEmulation(f)).as(Arrays.toString(f)).isInstanceOf(DecodeException.class);
        }
    }
}
