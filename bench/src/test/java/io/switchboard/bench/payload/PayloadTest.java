package io.switchboard.bench.payload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {
    @Test
    void readerFindsTheStampAndSequenceTheWriterPutIn() {
        ByteBuf buf = Unpooled.buffer();
        Payload.write(buf, 1234567890123L, 42, 100);

        long[] fields = new long[2];
        assertThat(Payload.read(buf, 0, buf.writerIndex(), fields)).isTrue();
        assertThat(fields).containsExactly(1234567890123L, 42);
    }

    @Test
    void messageIsPaddedToTheRequestedSizeAndStaysValidJson() {
        ByteBuf buf = Unpooled.buffer();
        Payload.write(buf, 5, 0, 100);

        String json = buf.toString(StandardCharsets.US_ASCII);
        assertThat(json).hasSize(100).startsWith("{\"t\":5,\"seq\":0,\"pad\":\"xx").endsWith("x\"}");
    }

    @Test
    void stampIsFoundInsideAPushLineAndALineWithoutOneIsNotABenchmarkMessage() {
        ByteBuf line = Unpooled.copiedBuffer(
                "{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"t\":77,\"seq\":3,\"pad\":\"x\"},\"offset\":9}}}",
                StandardCharsets.US_ASCII);
        long[] fields = new long[2];
        assertThat(Payload.read(line, 0, line.writerIndex(), fields)).isTrue();
        assertThat(fields).containsExactly(77, 3);

        ByteBuf other = Unpooled.copiedBuffer("{\"push\":{\"channel\":\"c\",\"join\":{\"t\":1}}}", StandardCharsets.US_ASCII);
        assertThat(Payload.read(other, 0, other.writerIndex(), fields)).isFalse();
    }

    @Test
    void stampIsFoundWhenTheMessageTravelsEscapedInsideAJsonString() {
        ByteBuf frame = Unpooled.copiedBuffer(
                "{\"event\":\"message\",\"channel\":\"c\",\"data\":\"{\\\"t\\\":88,\\\"seq\\\":4,\\\"pad\\\":\\\"x\\\"}\"}",
                StandardCharsets.US_ASCII);
        long[] fields = new long[2];

        assertThat(Payload.read(frame, 0, frame.writerIndex(), fields)).isTrue();
        assertThat(fields).containsExactly(88, 4);
    }
}
