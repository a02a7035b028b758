package io.switchboard.centrifugo.internal.codec;

import io.switchboard.centrifugo.proto.ConnectResult;
import io.switchboard.centrifugo.proto.HistoryResult;
import io.switchboard.centrifugo.proto.Join;
import io.switchboard.centrifugo.proto.SubscribeResult;
import io.switchboard.centrifugo.proto.v1.Push;
import io.switchboard.centrifugo.proto.v1.Reply;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Publication;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Protocol v1 Protobuf. The command frames are what centrifuge-js 2.8.5's protobufjs writes with its own
 * client.proto.json (encodeDelimited of {@code Command{id, method, params}}); replies are read back as it reads them.
 */
class V1ProtobufCodecTest {
    private static final V1ProtobufCodec CODEC = V1ProtobufCodec.BIDI;

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static Reply reply(byte[] frame) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(frame);
        Reply r = Reply.parseDelimitedFrom(in);
        assertThat(in.available()).as("one delimited reply").isZero();
        return r;
    }

    @Test
    void decodesTheClientsConnectWithAndWithoutParams() throws Exception {
        Command c = CODEC.decode(hex("0d080110001a070a017422026a73")).get(0); // {id:1, method:CONNECT, params:{token:"t", name:"js"}}
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.method()).isEqualTo(Method.CONNECT);
        assertThat(c.request(Requests.Connect.class).token()).isEqualTo("t");
        assertThat(c.request(Requests.Connect.class).name()).isEqualTo("js");
        assertThat(CODEC.decode(hex("0408011000")).get(0).request(Requests.Connect.class).token()).isEmpty();
    }

    @Test
    void decodesARecoveringSubscribeAPingAndAPublish() throws Exception {
        byte[] frame = hex("15080210011a0f0a046e6577731801320378797a3807" + "0408031007" + "15080410031a0f0a046e65777312077b2261223a317d");
        List<Command> commands = CODEC.decode(frame);
        assertThat(commands.get(0)).isEqualTo(new Command(2, Method.SUBSCRIBE,
                new Requests.Subscribe("news", "", true, "xyz", 7, null, false, false, false, "")));
        assertThat(commands.get(1)).isEqualTo(new Command(3, Method.PING, Boolean.TRUE));
        assertThat(commands.get(2).method()).isEqualTo(Method.PUBLISH);
        assertThat(new String(commands.get(2).request(Requests.Publish.class).data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void unknownMethodsAndBadParams() throws Exception {
        byte[] unknown = io.switchboard.centrifugo.proto.v1.Command.newBuilder().setId(5).setMethodValue(40).build().toByteArray();
        byte[] framed = new byte[unknown.length + 1];
        framed[0] = (byte) unknown.length;
        System.arraycopy(unknown, 0, framed, 1, unknown.length);
        assertThat(CODEC.decode(framed)).containsExactly(new Command(5, null, null));
        // a subscribe whose params are not a SubscribeRequest (a truncated field)
        assertThatThrownBy(() -> CODEC.decode(hex("0608021001" + "1a01" + "0a"))).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> CODEC.decode(hex("0608021001"))).isInstanceOf(DecodeException.class);
    }

    @Test
    void pingAndEmptyResultsAreTheIdAlone() {
        assertThat(CODEC.empty(3, Method.PING)).isEqualTo(hex("020803"));
        assertThat(CODEC.empty(4, Method.PUBLISH)).isEqualTo(hex("020804"));
    }

    @Test
    void resultsTravelAsBytesOfTheResultMessage() throws Exception {
        Reply r = reply(CODEC.connect(1, new Results.Connect("c1", "0.1.0", true, 60, null, Map.of(), 25, true, "s", "n")));
        assertThat(r.getId()).isEqualTo(1);
        ConnectResult connect = ConnectResult.parseFrom(r.getResult());
        assertThat(connect.getClient()).isEqualTo("c1");
        assertThat(connect.getTtl()).isEqualTo(60);
        assertThat(connect.getPing()).isZero();
        assertThat(connect.getPong()).isFalse();
        assertThat(connect.getSession()).isEmpty();

        var pubs = List.of(new Publication(6, new byte[] {1, 2}, null, Map.of(), 0));
        SubscribeResult sub = SubscribeResult.parseFrom(reply(CODEC.subscribe(2,
                new Results.Subscribe(false, 0, true, "ep", pubs, true, 6, true, null, true, false))).getResult());
        assertThat(sub.getRecovered()).isTrue();
        assertThat(sub.getPublications(0).getData().toByteArray()).containsExactly(1, 2);
        assertThat(sub.getWasRecovering()).isFalse();

        HistoryResult h = HistoryResult.parseFrom(reply(CODEC.history(3, new Results.History(pubs, "ep", 6))).getResult());
        assertThat(h.getOffset()).isEqualTo(6);
        assertThat(h.getEpoch()).isEqualTo("ep");
    }

    @Test
    void errorsCarryCodeMessageAndTemporary() throws Exception {
        Reply r = reply(CODEC.error(9, ClientError.INTERNAL));
        assertThat(r.getId()).isEqualTo(9);
        assertThat(r.getError().getCode()).isEqualTo(100);
        assertThat(r.getError().getMessage()).isEqualTo("internal server error");
        assertThat(r.getError().getTemporary()).isTrue();
        assertThat(r.getResult().isEmpty()).isTrue();
    }

    @Test
    void pushesAreTypedEnvelopesInTheResultOfAReplyWithoutId() throws Exception {
        Reply r = reply(CODEC.joinPush("news", new ClientInfo("u", "c", null, null)));
        assertThat(r.getId()).isZero();
        Push push = Push.parseFrom(r.getResult());
        assertThat(push.getType()).isEqualTo(Push.PushType.JOIN);
        assertThat(push.getChannel()).isEqualTo("news");
        assertThat(Join.parseFrom(push.getData()).getInfo().getUser()).isEqualTo("u");

        Push pub = Push.parseFrom(reply(CODEC.publicationPush("news", new Publication(3, new byte[] {9}, null, Map.of(), 0))).getResult());
        assertThat(pub.getType()).isEqualTo(Push.PushType.PUBLICATION);
        assertThat(io.switchboard.centrifugo.proto.Publication.parseFrom(pub.getData()).getOffset()).isEqualTo(3);
    }

    @Test
    void theGrpcFormReadsOneBareCommandAndWritesBareRepliesWithTheSameContent() throws Exception {
        V1ProtobufCodec grpc = V1ProtobufCodec.GRPC;
        Command c = grpc.decode(hex("080110001a070a017422026a73")).get(0); // the connect above without its length
        assertThat(c.request(Requests.Connect.class).token()).isEqualTo("t");
        assertThat(grpc.decode(hex("08031007"))).containsExactly(new Command(3, Method.PING, Boolean.TRUE));
        assertThatThrownBy(() -> grpc.decode(hex("ffffff"))).isInstanceOf(DecodeException.class);

        byte[] bare = grpc.error(7, ClientError.NOT_AVAILABLE);
        assertThat(Reply.parseFrom(bare)).isEqualTo(reply(CODEC.error(7, ClientError.NOT_AVAILABLE)));
        Publication p = new Publication(3, "{\"n\":1}".getBytes(StandardCharsets.UTF_8), null, Map.of(), 0);
        assertThat(Reply.parseFrom(grpc.publicationPush("news", p))).isEqualTo(reply(CODEC.publicationPush("news", p)));
        assertThat(grpc.cacheSlot()).isNotEqualTo(CODEC.cacheSlot());
    }
}
