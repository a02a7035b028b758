package io.switchboard.centrifugo.internal.codec;

import io.switchboard.centrifugo.internal.filter.FilterNode;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.HistoryRequest;
import io.switchboard.centrifugo.proto.PingRequest;
import io.switchboard.centrifugo.proto.PresenceRequest;
import io.switchboard.centrifugo.proto.PresenceStatsRequest;
import io.switchboard.centrifugo.proto.PublishRequest;
import io.switchboard.centrifugo.proto.RPCRequest;
import io.switchboard.centrifugo.proto.RefreshRequest;
import io.switchboard.centrifugo.proto.SendRequest;
import io.switchboard.centrifugo.proto.StreamPosition;
import io.switchboard.centrifugo.proto.SubRefreshRequest;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.centrifugo.proto.UnsubscribeRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufCommandDecoderTest {
    private static final byte[] BINARY = {0, 1, (byte) 0xFF, '\n', (byte) 0x80};

    private static byte[] frame(io.switchboard.centrifugo.proto.Command... commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (io.switchboard.centrifugo.proto.Command c : commands) c.writeDelimitedTo(out);
        return out.toByteArray();
    }

    private static Command decodeOne(io.switchboard.centrifugo.proto.Command.Builder c) throws Exception {
        List<Command> commands = ProtobufCommandDecoder.decode(frame(c.build()));
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    private static io.switchboard.centrifugo.proto.Command.Builder command(int id) {
        return io.switchboard.centrifugo.proto.Command.newBuilder().setId(id);
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void decodesAConnectCommandWithServerSideSubsAndHeaders() throws Exception {
        Command c = decodeOne(command(1).setConnect(ConnectRequest.newBuilder().setToken("t")
                .setData(ByteString.copyFrom(BINARY)).setName("java").setVersion("1.2.3")
                .putHeaders("X-Foo", "bar")
                .putSubs("#42", SubscribeRequest.newBuilder().setRecover(true).setOffset(12).setEpoch("xD").build())));
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.method()).isEqualTo(Method.CONNECT);
        Requests.Connect r = c.request(Requests.Connect.class);
        assertThat(r.token()).isEqualTo("t");
        assertThat(r.data()).containsExactly(BINARY);
        assertThat(r.name()).isEqualTo("java");
        assertThat(r.version()).isEqualTo("1.2.3");
        assertThat(r.headers()).containsExactlyEntriesOf(java.util.Map.of("X-Foo", "bar"));
        Requests.Subscribe s = r.subs().get("#42");
        assertThat(s.channel()).isEqualTo("#42");
        assertThat(s.recover()).isTrue();
        assertThat(s.since()).isEqualTo(new io.switchboard.core.StreamPosition(12, "xD"));
    }

    @Test
    void decodesASubscribeCommandWithEveryField() throws Exception {
        Command c = decodeOne(command(2).setSubscribe(SubscribeRequest.newBuilder().setChannel("news").setToken("jwt")
                .setRecover(true).setEpoch("e").setOffset(Long.MAX_VALUE).setData(bytes("{\"a\":1}"))
                .setPositioned(true).setRecoverable(true).setJoinLeave(true).setDelta("fossil")));
        assertThat(c.method()).isEqualTo(Method.SUBSCRIBE);
        assertThat(c.request(Requests.Subscribe.class)).usingRecursiveComparison().isEqualTo(new Requests.Subscribe(
                "news", "jwt", true, "e", Long.MAX_VALUE, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                true, true, true, "fossil"));
    }

    @Test
    void decodesTheSubscribeFlagsTagsFilterAndMapFields() throws Exception {
        var leaf = io.switchboard.centrifugo.proto.FilterNode.newBuilder().setKey("team").setCmp("in")
                .addVals("eng").addVals("ops");
        var tf = io.switchboard.centrifugo.proto.FilterNode.newBuilder().setOp("not").addNodes(leaf);
        Command c = decodeOne(command(2).setSubscribe(SubscribeRequest.newBuilder().setChannel("news").setTf(tf)
                .setFlag(3).setType(1).setPhase(2).setCursor("c1").setLimit(50).setAsc(true)));
        Requests.Subscribe s = c.request(Requests.Subscribe.class);
        assertThat(s.tf()).isEqualTo(FilterNode.of("not", FilterNode.leaf("team", "in", List.of("eng", "ops"))));
        assertThat(s.flag()).isEqualTo(3);
        assertThat(s.rejectUnrecovered()).isTrue();
        assertThat(List.of(s.type(), s.phase(), s.limit())).containsExactly(1, 2, 50);
        assertThat(s.cursor()).isEqualTo("c1");
        assertThat(s.asc()).isTrue();
    }

    @Test
    void decodesTheChannelOnlyCommands() throws Exception {
        Command u = decodeOne(command(3).setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("a")));
        Command p = decodeOne(command(4).setPresence(PresenceRequest.newBuilder().setChannel("b")));
        Command s = decodeOne(command(5).setPresenceStats(PresenceStatsRequest.newBuilder().setChannel("c")));
        assertThat(u.method()).isEqualTo(Method.UNSUBSCRIBE);
        assertThat(u.request()).isEqualTo(new Requests.ChannelOnly("a"));
        assertThat(p.method()).isEqualTo(Method.PRESENCE);
        assertThat(p.request()).isEqualTo(new Requests.ChannelOnly("b"));
        assertThat(s.method()).isEqualTo(Method.PRESENCE_STATS);
        assertThat(s.request()).isEqualTo(new Requests.ChannelOnly("c"));
    }

    @Test
    void decodesAPublishCommandWithBinaryData() throws Exception {
        Command c = decodeOne(command(6).setPublish(PublishRequest.newBuilder().setChannel("c")
                .setData(ByteString.copyFrom(BINARY))));
        assertThat(c.method()).isEqualTo(Method.PUBLISH);
        Requests.Publish r = c.request(Requests.Publish.class);
        assertThat(r.channel()).isEqualTo("c");
        assertThat(r.data()).containsExactly(BINARY);
    }

    @Test
    void decodesAHistoryCommandWithAndWithoutSince() throws Exception {
        Command c = decodeOne(command(7).setHistory(HistoryRequest.newBuilder().setChannel("h").setLimit(-1)
                .setReverse(true).setSince(StreamPosition.newBuilder().setOffset(5).setEpoch("ep"))));
        assertThat(c.method()).isEqualTo(Method.HISTORY);
        assertThat(c.request()).isEqualTo(new Requests.History("h", -1, new io.switchboard.core.StreamPosition(5, "ep"), true));
        Command bare = decodeOne(command(8).setHistory(HistoryRequest.newBuilder().setChannel("h")));
        assertThat(bare.request(Requests.History.class).since()).isNull();
        assertThat(bare.request(Requests.History.class).limit()).isZero();
    }

    @Test
    void decodesPingSendRpcRefreshAndSubRefreshCommands() throws Exception {
        Command ping = decodeOne(command(9).setPing(PingRequest.getDefaultInstance()));
        Command send = decodeOne(command(0).setSend(SendRequest.newBuilder().setData(bytes("hello"))));
        Command rpc = decodeOne(command(10).setRpc(RPCRequest.newBuilder().setMethod("sum").setData(bytes("[1,2]"))));
        Command refresh = decodeOne(command(11).setRefresh(RefreshRequest.newBuilder().setToken("new")));
        Command subRefresh = decodeOne(command(12).setSubRefresh(SubRefreshRequest.newBuilder().setChannel("c")
                .setToken("sub")));
        assertThat(ping.method()).isEqualTo(Method.PING);
        assertThat(ping.request()).isEqualTo(Boolean.TRUE);
        assertThat(send.method()).isEqualTo(Method.SEND);
        assertThat(send.id()).isZero();
        assertThat(send.isPong()).isFalse();
        assertThat(new String(send.request(Requests.Send.class).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(rpc.method()).isEqualTo(Method.RPC);
        assertThat(rpc.request(Requests.Rpc.class).method()).isEqualTo("sum");
        assertThat(new String(rpc.request(Requests.Rpc.class).data(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
        assertThat(refresh.method()).isEqualTo(Method.REFRESH);
        assertThat(refresh.request()).isEqualTo(new Requests.Refresh("new"));
        assertThat(subRefresh.method()).isEqualTo(Method.SUB_REFRESH);
        assertThat(subRefresh.request()).isEqualTo(new Requests.SubRefresh("c", "sub"));
    }

    @Test
    void readsTheFullUint32RangeOfIds() throws Exception {
        assertThat(decodeOne(command(-1).setPing(PingRequest.getDefaultInstance())).id()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void decodesSeveralCommandsOfOneFrameInOrder() throws Exception {
        byte[] frame = frame(
                command(1).setSubscribe(SubscribeRequest.newBuilder().setChannel("a")).build(),
                io.switchboard.centrifugo.proto.Command.getDefaultInstance(),
                command(2).setPublish(PublishRequest.newBuilder().setChannel("a").setData(bytes("x"))).build());
        List<Command> cs = ProtobufCommandDecoder.decode(frame);
        assertThat(cs).extracting(Command::id).containsExactly(1L, 0L, 2L);
        assertThat(cs).extracting(Command::method).containsExactly(Method.SUBSCRIBE, null, Method.PUBLISH);
    }

    @Test
    void readsTheEmptyCommandAsThePong() throws Exception {
        List<Command> cs = ProtobufCommandDecoder.decode(new byte[] {0});
        assertThat(cs).hasSize(1);
        assertThat(cs.get(0).isPong()).isTrue();
        assertThat(decodeOne(command(3)).isPong()).isFalse();
    }

    @Test
    void takesTheFirstRequestInFieldOrder() throws Exception {
        Command c = decodeOne(command(7).setRpc(RPCRequest.newBuilder().setMethod("m"))
                .setPublish(PublishRequest.newBuilder().setChannel("p"))
                .setSubscribe(SubscribeRequest.newBuilder().setChannel("s")));
        assertThat(c.method()).isEqualTo(Method.SUBSCRIBE);
        assertThat(c.request(Requests.Subscribe.class).channel()).isEqualTo("s");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() throws Exception {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(bytes("v1 method")).build())
                .addField(1000, UnknownFieldSet.Field.newBuilder().addFixed64(1).build())
                .build();
        Command c = decodeOne(command(5).setUnknownFields(unknown)
                .setSubscribe(SubscribeRequest.newBuilder().setChannel("s").setUnknownFields(
                        UnknownFieldSet.newBuilder().addField(14, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                                .build())));
        assertThat(c.id()).isEqualTo(5);
        assertThat(c.method()).isEqualTo(Method.SUBSCRIBE);
        assertThat(c.request(Requests.Subscribe.class).channel()).isEqualTo("s");
        Command onlyUnknown = decodeOne(io.switchboard.centrifugo.proto.Command.newBuilder().setUnknownFields(unknown));
        assertThat(onlyUnknown.isPong()).isTrue();
    }

    @Test
    void readsEmptyPayloadsAsAbsent() throws Exception {
        Command c = decodeOne(command(1).setPublish(PublishRequest.newBuilder().setChannel("c")));
        assertThat(c.request(Requests.Publish.class).data()).isNull();
    }

    @Test
    void rejectsATruncatedLengthPrefix() throws Exception {
        byte[] good = frame(command(1).setPing(PingRequest.getDefaultInstance()).build());
        byte[] truncated = Arrays.copyOf(good, good.length + 1);
        truncated[good.length] = (byte) 0x80;
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {(byte) 0x80}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(truncated))
                .isInstanceOf(DecodeException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {-1, -1, -1, -1, -1, 1}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("too long");
    }

    @Test
    void rejectsALengthLargerThanTheRestOfTheFrame() throws Exception {
        byte[] good = frame(command(300).setRefresh(RefreshRequest.newBuilder().setToken("t")).build());
        byte[] cut = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(cut))
                .isInstanceOf(DecodeException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F, 8, 1}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("exceeds");
    }

    @Test
    void rejectsMalformedCommands() {
        // tag with the invalid wire type 7
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {2, (byte) 0xFF, 0x01}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
        // subscribe (field 5) whose declared length runs past the command
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {3, 0x2A, 0x05, 0x0A}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
        // subscribe.channel that is not UTF-8
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[] {5, 0x2A, 0x03, 0x0A, 0x01, (byte) 0xC3}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
    }

    @Test
    void rejectsAnEmptyFrame() {
        assertThatThrownBy(() -> ProtobufCommandDecoder.decode(new byte[0]))
                .isInstanceOf(DecodeException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsOffsetsBeyondTheSignedRange() {
        assertThatThrownBy(() -> decodeOne(command(1).setSubscribe(SubscribeRequest.newBuilder().setChannel("c")
                .setOffset(-1L)))).isInstanceOf(DecodeException.class).hasMessageContaining("offset");
    }

    @Test
    void readsCommandsWhoseLengthTakesSeveralPrefixBytes() throws Exception {
        byte[] big = new byte[20_000];
        Arrays.fill(big, (byte) 'x');
        var publish = command(1).setPublish(PublishRequest.newBuilder().setChannel("c").setData(ByteString.copyFrom(big))).build();
        var medium = command(2).setPublish(PublishRequest.newBuilder().setChannel("c").setData(ByteString.copyFrom(big, 0, 200))).build();
        List<Command> commands = ProtobufCommandDecoder.decode(frame(publish, medium));
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).request(Requests.Publish.class).data()).isEqualTo(big);
        assertThat(commands.get(1).id()).isEqualTo(2);
        assertThat(commands.get(1).request(Requests.Publish.class).data()).hasSize(200);
    }

    @Test
    void decodesTheBareConnectRequestOfAUnidirectionalClient() throws Exception {
        byte[] message = ConnectRequest.newBuilder().setToken("t").setName("grpc").setVersion("1")
                .setData(ByteString.copyFrom(BINARY))
                .putSubs("news", SubscribeRequest.newBuilder().setRecover(true).setOffset(4).setEpoch("e").build())
                .build().toByteArray();
        Requests.Connect r = ProtobufCommandDecoder.decodeConnectRequest(message);
        assertThat(r.token()).isEqualTo("t");
        assertThat(r.name()).isEqualTo("grpc");
        assertThat(r.data()).isEqualTo(BINARY);
        assertThat(r.subs().get("news").channel()).isEqualTo("news");
        assertThat(r.subs().get("news").since().offset()).isEqualTo(4);
        assertThat(ProtobufCommandDecoder.decodeConnectRequest(new byte[0]).token()).isEmpty();
        assertThatThrownBy(() -> ProtobufCommandDecoder.decodeConnectRequest(new byte[] {0x0A, 0x05, 't'}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
    }

    @Test
    void decodesBinaryEmulationRequests() throws Exception {
        byte[] body = io.switchboard.centrifugo.proto.EmulationRequest.newBuilder().setNode("n1").setSession("s1")
                .setData(ByteString.copyFrom(BINARY)).build().toByteArray();
        Requests.Emulation e = ProtobufCommandDecoder.decodeEmulation(body);
        assertThat(e.node()).isEqualTo("n1");
        assertThat(e.session()).isEqualTo("s1");
        assertThat(e.data()).isEqualTo(BINARY);
        byte[] noSession = io.switchboard.centrifugo.proto.EmulationRequest.newBuilder()
                .setData(ByteString.copyFrom(BINARY)).build().toByteArray();
        byte[] noData = io.switchboard.centrifugo.proto.EmulationRequest.newBuilder().setSession("s1").build().toByteArray();
        for (byte[] bad : List.of(noSession, noData, new byte[0])) {
            assertThatThrownBy(() -> ProtobufCommandDecoder.decodeEmulation(bad))
                    .isInstanceOf(DecodeException.class).hasMessageContaining("session and data are required");
        }
        assertThatThrownBy(() -> ProtobufCommandDecoder.decodeEmulation(new byte[] {0x12, 0x05, 's'}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("malformed");
    }
}
