package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import io.switchboard.centrifugo.proto.ConnectResult;
import io.switchboard.centrifugo.proto.HistoryResult;
import io.switchboard.centrifugo.proto.Push;
import io.switchboard.centrifugo.proto.Reply;
import io.switchboard.centrifugo.proto.SubscribeResult;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufRepliesTest {
    private static final byte[] BINARY = {0, 1, (byte) 0xFF, '\n', (byte) 0x80};
    private static final ClientInfo ALICE = new ClientInfo("alice", "c1", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), BINARY);

    /** Parses exactly one delimited Reply and checks nothing follows it. */
    private static Reply parse(byte[] message) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        Reply r = Reply.parseDelimitedFrom(in);
        assertThat(r).isNotNull();
        assertThat(in.available()).as("bytes after the reply").isZero();
        return r;
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static void assertInfo(io.switchboard.centrifugo.proto.ClientInfo actual, ClientInfo expected) {
        assertThat(actual.getUser()).isEqualTo(expected.user());
        assertThat(actual.getClient()).isEqualTo(expected.client());
        assertThat(actual.getConnInfo()).isEqualTo(expected.connInfo() == null ? ByteString.EMPTY : bytes(expected.connInfo()));
        assertThat(actual.getChanInfo()).isEqualTo(expected.chanInfo() == null ? ByteString.EMPTY : bytes(expected.chanInfo()));
    }

    private static Results.Subscribe recovered() {
        return new Results.Subscribe(true, 300, true, "ep",
                List.of(new Publication(7, BINARY, null, Map.of(), 0), new Publication(8, "{}".getBytes(StandardCharsets.UTF_8), ALICE, Map.of("k", "v"), 0)),
                true, 8, true, "sub".getBytes(StandardCharsets.UTF_8), true, true);
    }

    private static void assertRecovered(SubscribeResult s) {
        assertThat(s.getExpires()).isTrue();
        assertThat(s.getTtl()).isEqualTo(300);
        assertThat(s.getRecoverable()).isTrue();
        assertThat(s.getEpoch()).isEqualTo("ep");
        assertThat(s.getPublicationsCount()).isEqualTo(2);
        assertThat(s.getPublications(0).getOffset()).isEqualTo(7);
        assertThat(s.getPublications(0).getData()).isEqualTo(bytes(BINARY));
        assertThat(s.getPublications(0).hasInfo()).isFalse();
        assertThat(s.getPublications(1).getTagsMap()).containsExactlyEntriesOf(Map.of("k", "v"));
        assertInfo(s.getPublications(1).getInfo(), ALICE);
        assertThat(s.getRecovered()).isTrue();
        assertThat(s.getOffset()).isEqualTo(8);
        assertThat(s.getPositioned()).isTrue();
        assertThat(s.getData()).isEqualTo(utf8("sub"));
        assertThat(s.getWasRecovering()).isTrue();
        assertThat(s.getDelta()).isTrue();
    }

    @Test
    void writesThePingAsTheSingleByteZero() throws IOException {
        assertThat(ProtobufReplies.ping()).containsExactly(0x00);
        assertThat(parse(ProtobufReplies.ping())).isEqualTo(Reply.getDefaultInstance());
    }

    @Test
    void writesAnErrorReply() throws IOException {
        Reply r = parse(ProtobufReplies.error(3, ClientError.TOO_MANY_REQUESTS));
        assertThat(r.getId()).isEqualTo(3);
        assertThat(r.getError().getCode()).isEqualTo(111);
        assertThat(r.getError().getMessage()).isEqualTo("too many requests");
        assertThat(r.getError().getTemporary()).isTrue();
    }

    @Test
    void writesEmptyResultsInTheFieldOfTheirMethod() throws IOException {
        assertThat(parse(ProtobufReplies.empty(4, Method.UNSUBSCRIBE)).hasUnsubscribe()).isTrue();
        assertThat(parse(ProtobufReplies.empty(5, Method.PUBLISH)).hasPublish()).isTrue();
        assertThat(parse(ProtobufReplies.empty(6, Method.SUB_REFRESH)).hasSubRefresh()).isTrue();
        Reply r = parse(ProtobufReplies.empty(7, Method.PING));
        assertThat(r.getId()).isEqualTo(7);
        assertThat(r.hasPing()).isTrue();
        assertThatThrownBy(() -> ProtobufReplies.empty(8, Method.SEND)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheConnectReplyWithServerSideSubs() throws IOException {
        Map<String, Results.Subscribe> subs = new LinkedHashMap<>();
        subs.put("#alice", recovered());
        Reply r = parse(ProtobufReplies.connect(1, new Results.Connect("c1", "0.1.0", true, 3600, BINARY, subs,
                25, true, "s1", "n1")));
        ConnectResult c = r.getConnect();
        assertThat(r.getId()).isEqualTo(1);
        assertThat(c.getClient()).isEqualTo("c1");
        assertThat(c.getVersion()).isEqualTo("0.1.0");
        assertThat(c.getExpires()).isTrue();
        assertThat(c.getTtl()).isEqualTo(3600);
        assertThat(c.getData()).isEqualTo(bytes(BINARY));
        assertThat(c.getPing()).isEqualTo(25);
        assertThat(c.getPong()).isTrue();
        assertThat(c.getSession()).isEqualTo("s1");
        assertThat(c.getNode()).isEqualTo("n1");
        assertThat(c.getSubsMap()).containsOnlyKeys("#alice");
        assertRecovered(c.getSubsOrThrow("#alice"));
    }

    @Test
    void writesARecoveredSubscribeResult() throws IOException {
        Reply r = parse(ProtobufReplies.subscribe(2, recovered()));
        assertThat(r.getId()).isEqualTo(2);
        assertRecovered(r.getSubscribe());
    }

    @Test
    void writesThePublishDebounceOfASubscribeResult() throws IOException {
        var debounced = new Results.Subscribe(false, 0, false, "", null, false, 0, false, null, false, false, 50);
        assertThat(parse(ProtobufReplies.subscribe(3, debounced)).getSubscribe().getPublishDebounce()).isEqualTo(50);
    }

    @Test
    void writesPresenceAndPresenceStats() throws IOException {
        Reply p = parse(ProtobufReplies.presence(3, Map.of("c1", ALICE, "c2", new ClientInfo("bob", "c2", null, null))));
        assertThat(p.getId()).isEqualTo(3);
        assertThat(p.getPresence().getPresenceMap()).containsOnlyKeys("c1", "c2");
        assertInfo(p.getPresence().getPresenceOrThrow("c1"), ALICE);
        assertThat(p.getPresence().getPresenceOrThrow("c2").getUser()).isEqualTo("bob");
        Reply s = parse(ProtobufReplies.presenceStats(4, new PresenceStats(3, 2)));
        assertThat(s.getId()).isEqualTo(4);
        assertThat(s.getPresenceStats().getNumClients()).isEqualTo(3);
        assertThat(s.getPresenceStats().getNumUsers()).isEqualTo(2);
    }

    @Test
    void writesAHistoryResult() throws IOException {
        Reply r = parse(ProtobufReplies.history(5, new Results.History(
                List.of(new Publication(41, BINARY, ALICE, Map.of(), 0), new Publication(42, BINARY, null, Map.of(), 0)),
                "ep", 42)));
        HistoryResult h = r.getHistory();
        assertThat(r.getId()).isEqualTo(5);
        assertThat(h.getEpoch()).isEqualTo("ep");
        assertThat(h.getOffset()).isEqualTo(42);
        assertThat(h.getPublicationsList()).extracting(p -> p.getOffset()).containsExactly(41L, 42L);
        assertInfo(h.getPublications(0).getInfo(), ALICE);
    }

    @Test
    void writesRpcRefreshAndSubRefreshResults() throws IOException {
        Reply rpc = parse(ProtobufReplies.rpc(6, BINARY));
        assertThat(rpc.getId()).isEqualTo(6);
        assertThat(rpc.getRpc().getData()).isEqualTo(bytes(BINARY));
        Reply refresh = parse(ProtobufReplies.refresh(7, new Results.Refresh("c1", "0.1.0", true, 60)));
        assertThat(refresh.getRefresh().getClient()).isEqualTo("c1");
        assertThat(refresh.getRefresh().getVersion()).isEqualTo("0.1.0");
        assertThat(refresh.getRefresh().getExpires()).isTrue();
        assertThat(refresh.getRefresh().getTtl()).isEqualTo(60);
        Reply sub = parse(ProtobufReplies.subRefresh(8, new Results.SubRefresh(true, 90)));
        assertThat(sub.getId()).isEqualTo(8);
        assertThat(sub.getSubRefresh().getExpires()).isTrue();
        assertThat(sub.getSubRefresh().getTtl()).isEqualTo(90);
    }

    @Test
    void writesAPublicationPush() throws IOException {
        Reply r = parse(ProtobufReplies.publicationPush("news", new Publication(9, BINARY, ALICE, Map.of("t", "x"), 1234)));
        Push push = r.getPush();
        assertThat(r.getId()).isZero();
        assertThat(push.getChannel()).isEqualTo("news");
        assertThat(push.getPub().getData()).isEqualTo(bytes(BINARY));
        assertThat(push.getPub().getOffset()).isEqualTo(9);
        assertThat(push.getPub().getTagsMap()).containsExactlyEntriesOf(Map.of("t", "x"));
        assertInfo(push.getPub().getInfo(), ALICE);
    }

    @Test
    void writesThePublicationPushAsTheGeneratedClassesWould() throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("a", "1");
        tags.put("", "");
        tags.put("ключ", "значение");
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        List<Publication> pubs = List.of(
                new Publication(0, BINARY, null, Map.of(), 0),
                new Publication(0, new byte[0], null, Map.of(), 0),
                new Publication(1L << 40, big, ALICE, tags, 99),
                new Publication(5, BINARY, new ClientInfo("", "", null, null), Map.of(), 0),
                new Publication(6, BINARY, new ClientInfo("", "c", new byte[0], BINARY), Map.of(), 0),
                new Publication(Long.MAX_VALUE, BINARY, new ClientInfo("u", "", null, new byte[0]), Map.of("k", "v"), 0));
        for (String channel : List.of("c", "", "канал/\uD83D\uDE00", "x".repeat(200))) {
            for (Publication p : pubs) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                Reply.newBuilder().setPush(Push.newBuilder().setChannel(channel)
                        .setPub(ProtobufReplies.publication(p))).build().writeDelimitedTo(expected);
                assertThat(ProtobufReplies.publicationPush(channel, p))
                        .as("channel %s, offset %d", channel, p.offset())
                        .containsExactly(expected.toByteArray());
            }
        }
    }

    @Test
    void writesDeltaPublicationPushesWithThePayloadInPlaceOfTheData() throws IOException {
        Publication p = new Publication(3, BINARY, ALICE, Map.of("k", "v"), 0);
        byte[] patch = {1, 2, 3};
        Push push = parse(ProtobufReplies.deltaPublicationPush("d", p, patch, true)).getPush();
        assertThat(push.getPub().getData()).isEqualTo(bytes(patch));
        assertThat(push.getPub().getDelta()).isTrue();
        assertThat(push.getPub().getOffset()).isEqualTo(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Reply.newBuilder().setPush(Push.newBuilder().setChannel("d").setPub(ProtobufReplies.publication(p).toBuilder()
                .setData(bytes(patch)).setDelta(true))).build().writeDelimitedTo(expected);
        assertThat(ProtobufReplies.deltaPublicationPush("d", p, patch, true)).containsExactly(expected.toByteArray());
        assertThat(ProtobufReplies.deltaPublicationPush("d", p, BINARY, false))
                .containsExactly(ProtobufReplies.publicationPush("d", p));
    }

    @Test
    void writesTheGoldenBytesOfASmallPublicationPush() {
        byte[] push = ProtobufReplies.publicationPush("c", new Publication(1, "hi".getBytes(StandardCharsets.UTF_8), null, Map.of(), 0));
        // 0d: reply length 13 | 22 0b: push (4), 11 bytes | 12 01 63: channel (2) "c"
        // 22 06: pub (4), 6 bytes | 22 02 68 69: data (4) "hi" | 30 01: offset (6) 1
        assertThat(HexFormat.of().formatHex(push)).isEqualTo("0d220b1201632206220268693001");
    }

    @Test
    void writesJoinAndLeavePushes() throws IOException {
        Push join = parse(ProtobufReplies.joinPush("room", ALICE)).getPush();
        assertThat(join.getChannel()).isEqualTo("room");
        assertThat(join.hasJoin()).isTrue();
        assertInfo(join.getJoin().getInfo(), ALICE);
        Push leave = parse(ProtobufReplies.leavePush("room", ALICE)).getPush();
        assertThat(leave.getChannel()).isEqualTo("room");
        assertThat(leave.hasLeave()).isTrue();
        assertInfo(leave.getLeave().getInfo(), ALICE);
    }

    @Test
    void writesUnsubscribeAndSubscribePushes() throws IOException {
        Push unsub = parse(ProtobufReplies.unsubscribePush("room", Unsubscribe.INSUFFICIENT_STATE)).getPush();
        assertThat(unsub.getChannel()).isEqualTo("room");
        assertThat(unsub.getUnsubscribe().getCode()).isEqualTo(2500);
        assertThat(unsub.getUnsubscribe().getReason()).isEqualTo("insufficient state");
        Push sub = parse(ProtobufReplies.subscribePush("#alice", recovered())).getPush();
        assertThat(sub.getChannel()).isEqualTo("#alice");
        assertThat(sub.getSubscribe().getRecoverable()).isTrue();
        assertThat(sub.getSubscribe().getEpoch()).isEqualTo("ep");
        assertThat(sub.getSubscribe().getOffset()).isEqualTo(8);
        assertThat(sub.getSubscribe().getPositioned()).isTrue();
        assertThat(sub.getSubscribe().getData()).isEqualTo(utf8("sub"));
    }

    @Test
    void writesADisconnectPushWithoutChannel() throws IOException {
        Push push = parse(ProtobufReplies.disconnectPush(Disconnect.SHUTDOWN)).getPush();
        assertThat(push.getChannel()).isEmpty();
        assertThat(push.getDisconnect().getCode()).isEqualTo(3001);
        assertThat(push.getDisconnect().getReason()).isEqualTo("shutdown");
        assertThat(push.getDisconnect().getReconnect()).isTrue();
    }

    @Test
    void readsConcatenatedRepliesBackAsOneFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(ProtobufReplies.ping());
        frame.write(ProtobufReplies.rpc(1, BINARY));
        frame.write(ProtobufReplies.publicationPush("c", new Publication(1, BINARY, null, Map.of(), 0)));
        ByteArrayInputStream in = new ByteArrayInputStream(frame.toByteArray());
        assertThat(Reply.parseDelimitedFrom(in)).isEqualTo(Reply.getDefaultInstance());
        assertThat(Reply.parseDelimitedFrom(in).getRpc().getData()).isEqualTo(bytes(BINARY));
        assertThat(Reply.parseDelimitedFrom(in).getPush().getPub().getOffset()).isEqualTo(1);
        assertThat(Reply.parseDelimitedFrom(in)).isNull();
    }

    @Test
    void writesAbsentStringsListsAndMapsAsEmptyFields() throws IOException {
        var sub = new Results.Subscribe(false, 0, false, null, null, false, 0, false, null, false, false);
        ConnectResult c = parse(ProtobufReplies.connect(1, new Results.Connect(null, null, false, 0, null, null, 0, false, null, null)))
                .getConnect();
        assertThat(c).isEqualTo(ConnectResult.getDefaultInstance());
        assertThat(parse(ProtobufReplies.subscribe(2, sub)).getSubscribe()).isEqualTo(SubscribeResult.getDefaultInstance());
        assertThat(parse(ProtobufReplies.history(3, new Results.History(null, null, 0))).getHistory())
                .isEqualTo(HistoryResult.getDefaultInstance());
        var error = parse(ProtobufReplies.error(4, new ClientError(4000, null, false))).getError();
        assertThat(error.getCode()).isEqualTo(4000);
        assertThat(error.getMessage()).isEmpty();
        var refresh = parse(ProtobufReplies.refresh(5, new Results.Refresh(null, null, false, 0))).getRefresh();
        assertThat(refresh.getClient()).isEmpty();
        var connectPush = parse(ProtobufReplies.connectPush(new Results.Connect("c", null, false, 0, null, null, 0, false, null, null)))
                .getPush().getConnect();
        assertThat(connectPush.getClient()).isEqualTo("c");
        assertThat(connectPush.getSubsCount()).isZero();
        assertThat(parse(ProtobufReplies.unsubscribePush("c", new Unsubscribe(2000, null))).getPush().getUnsubscribe().getReason())
                .isEmpty();
    }
}
