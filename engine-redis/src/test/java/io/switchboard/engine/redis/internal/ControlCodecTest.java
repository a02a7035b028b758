package io.switchboard.engine.redis.internal;

import io.switchboard.core.ControlCommand;
import io.switchboard.core.Disconnect;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.ServerSubscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlCodecTest {
    private static ControlCommand roundTrip(ControlCommand c) {
        return ControlCodec.decode(ControlCodec.encode(c));
    }

    @Test
    void everyCommandComesBackAsItWent() {
        List<ControlCommand> same = List.of(
                new ControlCommand.DisconnectUser("u", "c", List.of("w1", "w2"), new Disconnect(4000, "why")),
                new ControlCommand.UnsubscribeUser("u", "", "ch"),
                new ControlCommand.RefreshUser("", "c", true, 1_700_000_000L),
                new ControlCommand.Heartbeat(new NodeInfo("uid", "name", "0.1", 3, 2, 5, 99, 7)));
        for (ControlCommand c : same) assertThat(roundTrip(c)).isEqualTo(c);
        var sub = (ControlCommand.SubscribeUser) roundTrip(new ControlCommand.SubscribeUser("u", "c", "ch",
                new ServerSubscription(new byte[] {1}, new byte[] {2})));
        assertThat(sub.subscription().info()).containsExactly(1);
        assertThat(sub.subscription().data()).containsExactly(2);
        var survey = (ControlCommand.Survey) roundTrip(new ControlCommand.Survey("id", "from", "op", new byte[] {9}));
        assertThat(List.of(survey.id(), survey.origin(), survey.op())).containsExactly("id", "from", "op");
        assertThat(survey.request()).containsExactly(9);
        var reply = (ControlCommand.SurveyReply) roundTrip(new ControlCommand.SurveyReply("id", "o", "n", new byte[] {8}));
        assertThat(List.of(reply.id(), reply.origin(), reply.from())).containsExactly("id", "o", "n");
        assertThat(reply.reply()).containsExactly(8);
        var p = (ControlCommand.Protocol) roundTrip(new ControlCommand.Protocol("kind", new byte[] {7}));
        assertThat(p.kind()).isEqualTo("kind");
        assertThat(p.payload()).containsExactly(7);
    }

    @Test
    void bytesThatAreNoCommandAreRefused() {
        assertThatThrownBy(() -> ControlCodec.decode(new byte[] {0x08, 0x63})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlCodec.decode(new byte[] {0x12, 0x05, 'a'})).isInstanceOf(IllegalArgumentException.class);
    }
}
