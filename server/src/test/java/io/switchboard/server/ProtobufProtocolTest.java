package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.proto.Command;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.Reply;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.PublishOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Protobuf encoding over WebSocket: varint-delimited messages, several per frame, and broken frames. */
class ProtobufProtocolTest {
    private Switchboard server;

    @BeforeEach
    void start() throws InterruptedException {
        server = Switchboard.builder().port(0)
                .channels(ChannelRules.of(ChannelOptions.openForDevelopment().toBuilder().joinLeave(false)
                        .forcePushJoinLeave(false).build()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WsTestClient connect() {
        return WsTestClient.connect(server.port(), true, null, "/connection/websocket?format=protobuf");
    }

    private static byte[] frame(Command... commands) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Command c : commands) c.writeDelimitedTo(out);
        return out.toByteArray();
    }

    private static List<Reply> replies(byte[] frame) throws Exception {
        List<Reply> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(frame);
        Reply r;
        while ((r = Reply.parseDelimitedFrom(in)) != null) out.add(r);
        return out;
    }

    @Test
    void answersSeveralCommandsOfOneFrameAndPushesPublications() throws Exception {
        var c = connect();
        c.sendBinary(frame(Command.newBuilder().setId(1).setConnect(ConnectRequest.getDefaultInstance()).build(),
                Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel("pb")).build()));
        List<Reply> got = new ArrayList<>(replies(c.nextBinary()));
        while (got.size() < 2) got.addAll(replies(c.nextBinary()));
        assertThat(got.get(0).getConnect().getClient()).isNotEmpty();
        assertThat(got.get(0).getConnect().getPong()).isTrue();
        assertThat(got.get(1).getId()).isEqualTo(2);
        assertThat(got.get(1).getSubscribe().getRecoverable()).isTrue();
        server.node().publish("pb", new byte[] {1, 2, 3}, PublishOptions.DEFAULT).join();
        Reply push = replies(c.nextBinary()).get(0);
        assertThat(push.getPush().getChannel()).isEqualTo("pb");
        assertThat(push.getPush().getPub().getData().toByteArray()).containsExactly(1, 2, 3);
        assertThat(push.getPush().getPub().getOffset()).isEqualTo(1);
    }

    @Test
    void closesWith3501OnATruncatedVarintAnOversizedLengthOrAJsonFrame() throws Exception {
        var truncated = connect();
        truncated.sendBinary(new byte[] {(byte) 0x80});
        assertThat(truncated.awaitClose()).isEqualTo(3501);
        var oversized = connect();
        oversized.sendBinary(new byte[] {0x05, 0x01});
        assertThat(oversized.awaitClose()).isEqualTo(3501);
        var text = connect();
        text.send("{\"connect\":{},\"id\":1}");
        assertThat(text.awaitClose()).isEqualTo(3501);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.node().info().numClients() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.node().info().numClients()).isZero();
    }

    @Test
    void ignoresUnknownFieldsAsProtobufDoes() throws Exception {
        var c = connect();
        Command withUnknown = Command.newBuilder().setId(1).setConnect(ConnectRequest.getDefaultInstance())
                .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(999, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
                .build();
        c.sendBinary(frame(withUnknown));
        assertThat(replies(c.nextBinary()).get(0).getConnect().getClient()).isNotEmpty();
    }
}
