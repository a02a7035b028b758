package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import io.switchboard.centrifugo.proto.Push;
import io.switchboard.centrifugo.proto.Reply;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two Protobuf codecs as their clients see them: a bidirectional connection reads varint-delimited
 * Replies; a unidirectional gRPC stream reads one bare Push per gRPC message (gRPC does the framing).
 */
class ProtobufCodecsTest {
    private static final ProtobufCodec BIDI = ProtobufCodec.BIDI;
    private static final UniProtobufCodec UNI = UniProtobufCodec.INSTANCE;
    private static final byte[] BINARY = {0, 1, (byte) 0xFF, '\n', (byte) 0x80};
    private static final ClientInfo BOB = new ClientInfo("42", "c-1", BINARY, null);

    private static Reply reply(byte[] message) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        Reply r = Reply.parseDelimitedFrom(in);
        assertThat(in.available()).as("bytes after the reply").isZero();
        return r;
    }

    private static Results.Subscribe positioned() {
        return new Results.Subscribe(true, 60, true, "ep", List.of(), false, 9, true, "{}".getBytes(StandardCharsets.UTF_8), false, false);
    }

    private static Results.Connect connected() {
        return new Results.Connect("c", "1.0", true, 300, BINARY, Map.of("#42", positioned()), 25, true, "s", "n");
    }

    @Test
    void everyCodecCachesItsFramesInSlotsOfItsOwn() {
        // A prepared publication keeps one encoding per slot: a shared slot would hand JSON to a Protobuf client.
        List<ClientCodec> codecs = List.of(JsonCodec.BIDI, JsonCodec.UNI, BIDI, UNI);
        List<Integer> slots = new ArrayList<>();
        for (ClientCodec c : codecs) {
            slots.addAll(List.of(c.cacheSlot(), c.frameSlot(), c.deltaFullSlot(), c.deltaPatchSlot()));
        }
        Set<Integer> distinct = new HashSet<>(slots);
        assertThat(distinct).as("slots %s", slots).hasSize(16);
    }

    @Test
    void isABinaryEncodingThatCarriesAnyPayload() {
        assertThat(BIDI.binary()).isTrue();
        assertThat(UNI.binary()).isTrue();
        assertThat(BIDI.carries(BINARY)).isTrue();
        assertThat(UNI.carries(BINARY)).isTrue();
        assertThat(BIDI.carries(new byte[0])).isTrue();
    }

    @Test
    void bidirectionalCodecDecodesCommandsAndAnswersEveryOne() throws Exception {
        byte[] frame = io.switchboard.centrifugo.proto.Command.newBuilder().setId(7)
                .setRpc(io.switchboard.centrifugo.proto.RPCRequest.newBuilder().setMethod("m")).build().toByteArray();
        byte[] delimited = new byte[frame.length + 1];
        delimited[0] = (byte) frame.length;
        System.arraycopy(frame, 0, delimited, 1, frame.length);
        Command c = BIDI.decode(delimited).get(0);
        assertThat(c.method()).isEqualTo(Method.RPC);
        assertThat(c.request(Requests.Rpc.class).method()).isEqualTo("m");

        assertThat(reply(BIDI.ping())).isEqualTo(Reply.getDefaultInstance());
        assertThat(reply(BIDI.error(1, ClientError.BAD_REQUEST)).getError().getCode()).isEqualTo(107);
        assertThat(reply(BIDI.empty(2, Method.PRESENCE)).hasPresence()).isTrue();
        Reply connect = reply(BIDI.connect(3, connected()));
        assertThat(connect.getId()).isEqualTo(3);
        assertThat(connect.getConnect().getSubsMap().get("#42").getOffset()).isEqualTo(9);
        assertThat(reply(BIDI.subscribe(4, positioned())).getSubscribe().getEpoch()).isEqualTo("ep");
        assertThat(reply(BIDI.presence(5, Map.of("c-1", BOB))).getPresence().getPresenceMap().get("c-1").getUser()).isEqualTo("42");
        assertThat(reply(BIDI.presenceStats(6, new PresenceStats(3, 2))).getPresenceStats().getNumUsers()).isEqualTo(2);
        var pubs = List.of(new Publication(1, BINARY, null, Map.of(), 0));
        assertThat(reply(BIDI.history(7, new Results.History(pubs, "ep", 1))).getHistory().getPublications(0).getData())
                .isEqualTo(ByteString.copyFrom(BINARY));
        assertThat(reply(BIDI.rpc(8, BINARY)).getRpc().getData()).isEqualTo(ByteString.copyFrom(BINARY));
        assertThat(reply(BIDI.refresh(9, new Results.Refresh("c", "1.0", true, 60))).getRefresh().getTtl()).isEqualTo(60);
        assertThat(reply(BIDI.subRefresh(10, new Results.SubRefresh(true, 30))).getSubRefresh().getTtl()).isEqualTo(30);
    }

    @Test
    void writesMapEntriesWithKeyAndRemovalAndTheMapSubscribeAnswer() throws Exception {
        var set = new Publication(2, BINARY, null, Map.of(), 0, null, "k1", false);
        var removal = new Publication(3, new byte[0], null, Map.of(), 0, null, "k1", true);
        var pub = reply(BIDI.publicationPush("m", set)).getPush().getPub();
        assertThat(pub.getKey()).isEqualTo("k1");
        assertThat(pub.getRemoved()).isFalse();
        var gone = reply(BIDI.publicationPush("m", removal)).getPush().getPub();
        assertThat(gone.getKey()).isEqualTo("k1");
        assertThat(gone.getRemoved()).isTrue();
        assertThat(gone.getData().isEmpty()).isTrue();
        var base = new Results.Subscribe(false, 0, true, "ep", List.of(removal), true, 3, true, null, true, false);
        var sub = reply(BIDI.mapSubscribe(4, new Results.MapSubscribe(base, 2, 2, "7", List.of(set)))).getSubscribe();
        assertThat(List.of(sub.getType(), sub.getPhase())).containsExactly(2, 2);
        assertThat(sub.getCursor()).isEqualTo("7");
        assertThat(sub.getState(0).getKey()).isEqualTo("k1");
        assertThat(sub.getPublications(0).getRemoved()).isTrue();
    }

    @Test
    void bidirectionalCodecWrapsEveryPushInAReply() throws Exception {
        var p = new Publication(5, BINARY, BOB, Map.of(), 0);
        assertThat(reply(BIDI.publicationPush("c", p)).getPush().getPub().getOffset()).isEqualTo(5);
        Push delta = reply(BIDI.deltaPublicationPush("c", p, "patch".getBytes(StandardCharsets.UTF_8), true)).getPush();
        assertThat(delta.getPub().getDelta()).isTrue();
        assertThat(delta.getPub().getData().toStringUtf8()).isEqualTo("patch");
        assertThat(reply(BIDI.joinPush("c", BOB)).getPush().getJoin().getInfo().getClient()).isEqualTo("c-1");
        assertThat(reply(BIDI.leavePush("c", BOB)).getPush().getLeave().getInfo().getClient()).isEqualTo("c-1");
        assertThat(reply(BIDI.unsubscribePush("c", Unsubscribe.SERVER)).getPush().getUnsubscribe().getCode()).isEqualTo(2000);
        assertThat(reply(BIDI.subscribePush("c", positioned())).getPush().getSubscribe().getOffset()).isEqualTo(9);
        assertThat(reply(BIDI.disconnectPush(Disconnect.SLOW)).getPush().getDisconnect().getCode()).isEqualTo(3008);
        var connect = reply(BIDI.connectPush(connected())).getPush().getConnect();
        assertThat(connect.getClient()).isEqualTo("c");
        assertThat(connect.getTtl()).isEqualTo(300);
        assertThat(connect.getData()).isEqualTo(ByteString.copyFrom(BINARY));
        assertThat(connect.getPing()).isEqualTo(25);
        assertThat(connect.getPong()).isTrue();
        assertThat(connect.getSession()).isEqualTo("s");
        assertThat(connect.getNode()).isEqualTo("n");
        assertThat(connect.getSubsMap().get("#42").getEpoch()).isEqualTo("ep");
        var refresh = reply(BIDI.refreshPush(true, 600)).getPush().getRefresh();
        assertThat(refresh.getExpires()).isTrue();
        assertThat(refresh.getTtl()).isEqualTo(600);
    }

    @Test
    void unidirectionalStreamGetsBarePushes() throws Exception {
        var p = new Publication(5, BINARY, BOB, Map.of("k", "v"), 0);
        Push pub = Push.parseFrom(UNI.publicationPush("news", p));
        assertThat(pub.getChannel()).isEqualTo("news");
        assertThat(pub.getPub().getData()).isEqualTo(ByteString.copyFrom(BINARY));
        assertThat(pub.getPub().getTagsMap()).containsEntry("k", "v");
        assertThat(pub.getPub().getInfo().getConnInfo()).isEqualTo(ByteString.copyFrom(BINARY));
        Push delta = Push.parseFrom(UNI.deltaPublicationPush("news", p, "patch".getBytes(StandardCharsets.UTF_8), true));
        assertThat(delta.getPub().getDelta()).isTrue();
        assertThat(delta.getPub().getData().toStringUtf8()).isEqualTo("patch");
        assertThat(Push.parseFrom(UNI.joinPush("news", BOB)).getJoin().getInfo().getUser()).isEqualTo("42");
        assertThat(Push.parseFrom(UNI.leavePush("news", BOB)).getLeave().getInfo().getUser()).isEqualTo("42");
        Push unsub = Push.parseFrom(UNI.unsubscribePush("news", Unsubscribe.INSUFFICIENT_STATE));
        assertThat(unsub.getChannel()).isEqualTo("news");
        assertThat(unsub.getUnsubscribe().getCode()).isEqualTo(2500);
        Push sub = Push.parseFrom(UNI.subscribePush("#42", positioned()));
        assertThat(sub.getChannel()).isEqualTo("#42");
        assertThat(sub.getSubscribe().getRecoverable()).isTrue();
        assertThat(sub.getSubscribe().getOffset()).isEqualTo(9);
        Push disconnect = Push.parseFrom(UNI.disconnectPush(Disconnect.FORCE_NO_RECONNECT));
        assertThat(disconnect.getDisconnect().getCode()).isEqualTo(3503);
        assertThat(disconnect.getDisconnect().getReconnect()).isFalse();
        Push connect = Push.parseFrom(UNI.connectPush(connected()));
        assertThat(connect.getConnect().getClient()).isEqualTo("c");
        assertThat(connect.getConnect().getSubsMap()).containsKey("#42");
        Push refresh = Push.parseFrom(UNI.refreshPush(true, 600));
        assertThat(refresh.getRefresh().getExpires()).isTrue();
        assertThat(refresh.getRefresh().getTtl()).isEqualTo(600);
        // The ping is an empty message, which reads as the default Push.
        assertThat(UNI.ping()).isEmpty();
        assertThat(Push.parseFrom(UNI.ping())).isEqualTo(Push.getDefaultInstance());
        assertThat(UniProtobufCodec.unwrapPush(ProtobufReplies.ping())).isEqualTo(UNI.ping());
    }

    @Test
    void unidirectionalPushesOfEverySizeLoseNoByte() throws Exception {
        // Lengths that need one, two and three varint bytes in the Reply the push is cut from.
        for (int size : new int[] {0, 1, 100, 127, 128, 200, 16_000, 16_384, 70_000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) data[i] = (byte) (i * 31 + 7);
            byte[] message = UNI.publicationPush("c", new Publication(size, data, null, Map.of(), 0));
            Push push = Push.parseFrom(message);
            assertThat(push.getPub().getData().toByteArray()).as("size %d", size).isEqualTo(data);
            assertThat(push.getPub().getOffset()).isEqualTo(size);
            assertThat(message).isEqualTo(push.toByteArray());
        }
    }

    @Test
    void unidirectionalStreamTakesNoCommandsAndSendsNoReplies() {
        assertThatThrownBy(() -> UNI.decode(new byte[] {0})).isInstanceOf(DecodeException.class);
        List<Runnable> replies = List.of(
                () -> UNI.error(1, ClientError.INTERNAL), () -> UNI.empty(1, Method.PING),
                () -> UNI.connect(1, connected()), () -> UNI.subscribe(1, positioned()),
                () -> UNI.presence(1, Map.of()), () -> UNI.presenceStats(1, new PresenceStats(0, 0)),
                () -> UNI.history(1, new Results.History(List.of(), "", 0)), () -> UNI.rpc(1, null),
                () -> UNI.refresh(1, new Results.Refresh("c", "v", false, 0)), () -> UNI.subRefresh(1, new Results.SubRefresh(false, 0)));
        for (Runnable r : replies) assertThatThrownBy(r::run).isInstanceOf(UnsupportedOperationException.class);
        // Only push replies can be cut down to a bare push.
        assertThatThrownBy(() -> UniProtobufCodec.unwrapPush(ProtobufReplies.error(1, ClientError.INTERNAL)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] overlong = new byte[6];
        Arrays.fill(overlong, (byte) 0x80);
        overlong[5] = 1; // a sixth byte would end it, but a uint32 takes five at most
        assertThatThrownBy(() -> UniProtobufCodec.unwrapPush(overlong)).isInstanceOf(IllegalArgumentException.class);
    }
}
