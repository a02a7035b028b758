package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CentrifugoProtobufTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RecordingEvents events = new RecordingEvents();
    private final ProtocolSession session = new CentrifugoProtobuf().newSession("c");

    @Test
    void connectAndSubscribeAreTwoLengthDelimitedCommands() {
        ByteBuf commands = CentrifugoProtobuf.connectAndSubscribe("c");

        // Command{id:1, connect:{}} then Command{id:2, subscribe:{channel:"c"}}
        assertThat(ByteBufUtil.hexDump(commands)).isEqualTo("0408012200" + "0708022a030a0163");
        commands.release();
    }

    @Test
    void publicationDataIsFoundInsideReplyPushPub() {
        byte[] data = "{\"t\":5,\"seq\":0}".getBytes(StandardCharsets.US_ASCII);
        ByteBuf pub = Unpooled.buffer();
        ProtobufWire.writeBytes(pub, 4, data, 0, data.length);   // Publication.data
        ProtobufWire.writeVarintField(pub, 6, 1);                 // Publication.offset
        ByteBuf push = Unpooled.buffer();
        ProtobufWire.writeBytes(push, 2, new byte[] {'c'}, 0, 1); // Push.channel
        ProtobufWire.writeBytes(push, 4, pub);                    // Push.pub
        ByteBuf reply = Unpooled.buffer();
        ProtobufWire.writeBytes(reply, 4, push);                  // Reply.push
        ByteBuf frame = Unpooled.buffer();
        ProtobufWire.writeDelimited(frame, reply);
        frame.writeByte(0); // and a ping in the same frame

        session.onFrame(new BinaryWebSocketFrame(frame), channel, events);

        assertThat(events.publications).containsExactly("{\"t\":5,\"seq\":0}");
        BinaryWebSocketFrame pong = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(pong.content())).isEqualTo("00");
        pong.release();
    }

    @Test
    void subscribeReplyWithoutErrorMarksTheConnectionSubscribed() {
        ByteBuf reply = Unpooled.buffer();
        ProtobufWire.writeVarintField(reply, 1, 2);               // Reply.id
        ProtobufWire.writeBytes(reply, 6, new byte[0], 0, 0);     // Reply.subscribe
        ByteBuf frame = Unpooled.buffer();
        ProtobufWire.writeDelimited(frame, reply);

        session.onFrame(new BinaryWebSocketFrame(frame), channel, events);

        assertThat(events.subscribed).isTrue();
    }
}
