package io.switchboard.engine.redis.internal;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PubSubMessageTest {
    private static final Publication PUB = new Publication(0, "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
            new ClientInfo("u", "c", "ci".getBytes(StandardCharsets.UTF_8), null), Map.of("a", "b"), 99, "skip-me");

    @Test
    void aBarePublicationHasNoPosition() {
        PubSubMessage.Pub p = (PubSubMessage.Pub) PubSubMessage.parse(PublicationCodec.encode(PUB));
        assertThat(p.position()).isEqualTo(StreamPosition.NONE);
        assertThat(p.publication()).usingRecursiveComparison().isEqualTo(PUB);
    }

    @Test
    void aMapChangeIsOffsetEpochAndAPublicationWithItsKey() {
        Publication removal = new Publication(0, new byte[0], null, Map.of(), 5, null, "alice", true);
        PubSubMessage.Pub p = (PubSubMessage.Pub) PubSubMessage.parse(concat("17:ep:", PublicationCodec.encode(removal)));
        assertThat(p.position()).isEqualTo(new StreamPosition(17, "ep"));
        assertThat(p.publication().key()).isEqualTo("alice");
        assertThat(p.publication().removed()).isTrue();
        assertThat(p.publication().offset()).isEqualTo(17);
        // a map without a stream: offset 0 and the epoch of that change
        assertThat(((PubSubMessage.Pub) PubSubMessage.parse(concat("0:xy:", PublicationCodec.encode(PUB)))).position())
                .isEqualTo(new StreamPosition(0, "xy"));
    }

    @Test
    void aMapDeltaCarriesTheKeysPreviousStateValue() {
        Publication old = new Publication(0, "old".getBytes(StandardCharsets.UTF_8), null, Map.of(), 1, null, "k", false);
        byte[] previous = concat("3:ep:", PublicationCodec.encode(old));
        byte[] now = PublicationCodec.encode(new Publication(0, "new".getBytes(StandardCharsets.UTF_8), null, Map.of(), 2,
                null, "k", false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("d:4:ep:" + previous.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(previous);
        out.writeBytes((":" + now.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(now);
        PubSubMessage.Pub p = (PubSubMessage.Pub) PubSubMessage.parse(out.toByteArray());
        assertThat(p.position()).isEqualTo(new StreamPosition(4, "ep"));
        assertThat(new String(p.publication().data(), StandardCharsets.UTF_8)).isEqualTo("new");
        assertThat(new String(p.previous().data(), StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(p.previous().offset()).isEqualTo(3);
        assertThatThrownBy(() -> PubSubMessage.parse("d:4:ep:99:x".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePositionHeaderGivesOffsetAndEpoch() {
        byte[] m = concat("__p1:42:AbCdEfGh__", PublicationCodec.encode(PUB));
        PubSubMessage.Pub p = (PubSubMessage.Pub) PubSubMessage.parse(m);
        assertThat(p.position()).isEqualTo(new StreamPosition(42, "AbCdEfGh"));
        assertThat(p.publication().offset()).isEqualTo(42);
        assertThat(p.publication().excludes("skip-me")).isTrue();
        assertThat(p.previous()).isNull();
    }

    @Test
    void theDeltaHeaderCarriesThePreviousPayload() {
        byte[] prev = PublicationCodec.encode(new Publication(0, "old".getBytes(StandardCharsets.UTF_8), null, null, 0));
        byte[] now = PublicationCodec.encode(PUB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("__d1:7:ep:" + prev.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(prev);
        out.writeBytes((":" + now.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(now);
        PubSubMessage.Pub p = (PubSubMessage.Pub) PubSubMessage.parse(out.toByteArray());
        assertThat(p.position()).isEqualTo(new StreamPosition(7, "ep"));
        assertThat(new String(p.previous().data(), StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(p.publication().data()).isEqualTo(PUB.data());
        PubSubMessage.Pub first = (PubSubMessage.Pub) PubSubMessage.parse(
                concat("__d1:1:ep:0::" + now.length + ":", now));
        assertThat(first.previous()).isNull();
    }

    @Test
    void joinAndLeaveCarryClientInfo() {
        ClientInfo info = new ClientInfo("u", "c", null, "chan".getBytes(StandardCharsets.UTF_8));
        PubSubMessage.Join j = (PubSubMessage.Join) PubSubMessage.parse(PubSubMessage.join(info));
        PubSubMessage.Leave l = (PubSubMessage.Leave) PubSubMessage.parse(PubSubMessage.leave(info));
        assertThat(j.info()).usingRecursiveComparison().isEqualTo(info);
        assertThat(l.info()).usingRecursiveComparison().isEqualTo(info);
    }

    @Test
    void malformedHeadersAreRefusedNotMisread() {
        byte[] pb = PublicationCodec.encode(PUB);
        assertThatThrownBy(() -> PubSubMessage.parse(concat("__p1:x:ep__", pb))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PubSubMessage.parse(concat("__p1:1:ep_", pb))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PubSubMessage.parse(concat("__d1:1:ep:99:", pb))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PubSubMessage.parse(concat("__zz__", pb))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PubSubMessage.parse(new byte[] {0x22, 0x7f})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientInfoFieldsAreCentrifugosProtobufNumbers() {
        // ClientInfo{user:"u"(1), client:"c"(2)} = 0a 01 75 12 01 63
        assertThat(PublicationCodec.encode(new ClientInfo("u", "c", null, null)))
                .containsExactly(0x0a, 0x01, 'u', 0x12, 0x01, 'c');
        // Publication{data:"d"(4), time:1(9)} = 22 01 64 48 01
        assertThat(PublicationCodec.encode(new Publication(0, new byte[] {'d'}, null, null, 1)))
                .containsExactly(0x22, 0x01, 'd', 0x48, 0x01);
    }

    private static byte[] concat(String header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
