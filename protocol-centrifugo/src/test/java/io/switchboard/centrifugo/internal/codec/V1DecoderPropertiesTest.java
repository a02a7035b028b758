package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import io.switchboard.centrifugo.proto.PublishRequest;
import io.switchboard.testing.Mutations;
import io.switchboard.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol v1 frames: valid ones decode to what was written; random, truncated and mutated ones end in DecodeException. */
@Timeout(20)
class V1DecoderPropertiesTest {
    private static String jsonFrame(Random rnd, List<Object[]> expected) {
        StringBuilder out = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int id = 1 + rnd.nextInt(1_000_000);
            String ch = "ch" + rnd.nextInt(1000);
            String data = "{\"v\":[" + rnd.nextInt() + ",\"x\"]}";
            if (i > 0) out.append('\n');
            out.append("{\"id\":").append(id).append(",\"method\":3,\"params\":{\"channel\":\"").append(ch)
                    .append("\",\"data\":").append(data).append("}}");
            expected.add(new Object[] {(long) id, ch, data.getBytes(StandardCharsets.UTF_8)});
        }
        return out.toString();
    }

    private static byte[] protobufFrame(Random rnd, List<Object[]> expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int id = 1 + rnd.nextInt(1_000_000);
            String ch = "ch" + rnd.nextInt(1000);
            byte[] data = Mutations.insert(Mutations.randomBytes(rnd, 40), 0, new byte[] {7});
            io.switchboard.centrifugo.proto.v1.Command.newBuilder().setId(id)
                    .setMethod(io.switchboard.centrifugo.proto.v1.Command.MethodType.PUBLISH)
                    .setParams(PublishRequest.newBuilder().setChannel(ch).setData(ByteString.copyFrom(data)).build().toByteString())
                    .build().writeDelimitedTo(out);
            expected.add(new Object[] {(long) id, ch, data});
        }
        return out.toByteArray();
    }

    private static void assertPublishes(List<Command> got, List<Object[]> expected) {
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).id()).isEqualTo(expected.get(i)[0]);
            assertThat(got.get(i).method()).isEqualTo(Method.PUBLISH);
            assertThat(got.get(i).request(Requests.Publish.class).channel()).isEqualTo(expected.get(i)[1]);
            assertThat(got.get(i).request(Requests.Publish.class).data()).isEqualTo(expected.get(i)[2]);
        }
    }

    @Test
    void validFramesRoundTrip() {
        Property.forAll(60, rnd -> {
            List<Object[]> expected = new ArrayList<>();
            assertPublishes(V1JsonCommandDecoder.decode(jsonFrame(rnd, expected).getBytes(StandardCharsets.UTF_8)), expected);
            expected.clear();
            assertPublishes(V1ProtobufCommandDecoder.decode(protobufFrame(rnd, expected)), expected);
        });
    }

    @Test
    void mutatedTruncatedAndRandomFramesEndInDecodeException() {
        Property.forAll(400, rnd -> {
            byte[] json = Mutations.mutate(jsonFrame(rnd, new ArrayList<>()).getBytes(StandardCharsets.UTF_8), rnd);
            byte[] proto = Mutations.mutate(protobufFrame(rnd, new ArrayList<>()), rnd);
            byte[] random = Mutations.randomBytes(rnd, 64);
            for (byte[] f : List.of(json, proto, random)) {
                Property.onlyThrows(DecodeException.class, f.length, () -> V1JsonCommandDecoder.decode(f));
                Property.onlyThrows(DecodeException.class, f.length, () -> V1ProtobufCommandDecoder.decode(f));
                FirstCommand.version(f, false); // never throws
                FirstCommand.version(f, true);
            }
        });
        Property.forAll(3, rnd -> {
            byte[] json = jsonFrame(rnd, new ArrayList<>()).getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut < json.length; cut++) {
                byte[] f = Arrays.copyOf(json, cut);
                Property.onlyThrows(DecodeException.class, f.length, () -> V1JsonCommandDecoder.decode(f));
            }
            byte[] proto = protobufFrame(rnd, new ArrayList<>());
            for (int cut = 0; cut < proto.length; cut++) {
                byte[] f = Arrays.copyOf(proto, cut);
                Property.onlyThrows(DecodeException.class, f.length, () -> V1ProtobufCommandDecoder.decode(f));
            }
        });
    }
}
