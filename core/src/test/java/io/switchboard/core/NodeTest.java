package io.switchboard.core;

import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeTest {
    private final ChannelOptions withHistory = ChannelOptions.builder().presence(true)
            .historySize(10).historyTtl(Duration.ofMinutes(1)).build();
    private final Node node = new Node("test", "0", new ChannelRules(255, withHistory,
            Map.of("plain", ChannelOptions.DEFAULTS)), Engine.of(new MemoryEngine()), 5);

    /** A session that records what the hub hands it. */
    static class RecordingSession implements Session {
        final List<PreparedPublication> received = new ArrayList<>();
        final String id;

        RecordingSession(String id) {
            this.id = id;
        }

        @Override public String clientId() { return id; }
        @Override public String userId() { return "u"; }
        @Override public void deliver(PreparedPublication publication) { received.add(publication); }
        @Override public void deliverJoin(String channel, ClientInfo info) { }
        @Override public void deliverLeave(String channel, ClientInfo info) { }
        @Override public void disconnect(Disconnect disconnect) { }
    }

    private StreamPosition publish(String channel, String data) {
        return node.publish(channel, data.getBytes(), PublishOptions.DEFAULT).join();
    }

    @Test
    void deliversOnePreparedPublicationToEverySubscriber() {
        RecordingSession a = new RecordingSession("a"), b = new RecordingSession("b");
        node.subscribe(a, "news").join();
        node.subscribe(b, "news").join();
        publish("news", "{}");
        assertThat(a.received).hasSize(1);
        assertThat(b.received.get(0)).isSameAs(a.received.get(0));
        node.unsubscribe(a, "news");
        publish("news", "{}");
        assertThat(a.received).hasSize(1);
        assertThat(b.received).hasSize(2);
    }

    @Test
    void recoversEveryPublicationMissedWhileDisconnected() {
        StreamPosition seen = publish("rec", "1");
        publish("rec", "2");
        publish("rec", "3");
        RecoveryResult r = node.recover("rec", withHistory, seen).join();
        assertThat(r.recovered()).isTrue();
        assertThat(r.publications()).extracting(Publication::offset).containsExactly(2L, 3L);
        assertThat(r.position().offset()).isEqualTo(3);
    }

    @Test
    void recoversNothingWhenTheEpochChangedOrTooMuchWasMissed() {
        StreamPosition seen = publish("rec", "1");
        assertThat(node.recover("rec", withHistory, new StreamPosition(1, "otherEpc")).join().recovered()).isFalse();
        for (int i = 0; i < 6; i++) publish("rec", "x");
        RecoveryResult r = node.recover("rec", withHistory, seen).join();
        assertThat(r.recovered()).isFalse();
        assertThat(r.publications()).isEmpty();
    }

    @Test
    void aPositionWithoutEpochRecoversInAnyEpoch() {
        publish("rec", "1");
        publish("rec", "2");
        RecoveryResult r = node.recover("rec", withHistory, new StreamPosition(0, "")).join();
        assertThat(r.recovered()).isTrue();
        assertThat(r.publications()).extracting(Publication::offset).containsExactly(1L, 2L);
    }

    @Test
    void recoveryAtTheTopIsRecoveredWithNothingToSend() {
        StreamPosition top = publish("rec", "1");
        RecoveryResult r = node.recover("rec", withHistory, top).join();
        assertThat(r.recovered()).isTrue();
        assertThat(r.publications()).isEmpty();
    }

    @Test
    void refusesHistoryAndPresenceWhereTheNamespaceHasThemOff() {
        assertThatThrownBy(() -> node.history("plain:x", HistoryFilter.POSITION_ONLY).join())
                .hasCauseInstanceOf(CoreException.class);
        assertThat(CoreException.errorOf(node.presence("plain:x").handle((r, t) -> t).join()))
                .isEqualTo(ClientError.NOT_AVAILABLE);
        assertThat(CoreException.errorOf(node.publish("nope:x", new byte[] {'1'}, PublishOptions.DEFAULT)
                .handle((r, t) -> t).join())).isEqualTo(ClientError.UNKNOWN_CHANNEL);
    }

    @Test
    void rejectsHistorySinceAnotherEpochAsUnrecoverable() {
        publish("h", "1");
        Throwable t = node.history("h", new HistoryFilter(new StreamPosition(0, "nope"), 10, false))
                .handle((r, e) -> e).join();
        assertThat(CoreException.errorOf(t)).isEqualTo(ClientError.UNRECOVERABLE_POSITION);
    }

    @Test
    void routesServerControlsToTheUsersSessions() {
        List<Disconnect> got = new ArrayList<>();
        Session s = new RecordingSession("c1") {
            @Override
            public void disconnect(Disconnect disconnect) {
                got.add(disconnect);
            }
        };
        node.addSession(s);
        assertThat(node.disconnectUser("u", "", List.of(), Disconnect.FORCE_NO_RECONNECT)).isEqualTo(1);
        assertThat(node.disconnectUser("u", "", List.of("c1"), Disconnect.FORCE_NO_RECONNECT)).isZero();
        assertThat(got).containsExactly(Disconnect.FORCE_NO_RECONNECT);
        node.removeSession(s);
        assertThat(node.info().numClients()).isZero();
    }

    @Test
    void aControlCommandGoesThroughTheBrokerAndIsAppliedToThisNodesSessions() {
        List<Disconnect> got = new ArrayList<>();
        Session s = new RecordingSession("c1") {
            @Override
            public void disconnect(Disconnect disconnect) {
                got.add(disconnect);
            }
        };
        node.addSession(s);
        node.control(new ControlCommand.DisconnectUser("u", "", List.of("c1"), new Disconnect(4000, "spared"))).join();
        node.control(new ControlCommand.DisconnectUser("other", "", List.of(), new Disconnect(4000, "not u"))).join();
        node.control(new ControlCommand.DisconnectUser("u", "", List.of(), new Disconnect(4001, "bye"))).join();
        assertThat(got).containsExactly(new Disconnect(4001, "bye"));
    }

    @Test
    void aProtocolCommandReachesTheHandlersRegisteredForItsKindOnly() {
        List<String> got = new ArrayList<>();
        node.onProtocolCommand("a", p -> got.add("a:" + new String(p)));
        node.onProtocolCommand("b", p -> got.add("b:" + new String(p)));
        node.control(new ControlCommand.Protocol("b", "x".getBytes())).join();
        node.control(new ControlCommand.Protocol("nobody", "y".getBytes())).join();
        assertThat(got).containsExactly("b:x");
        node.onProtocolCommand("b", p -> got.add("b2:" + new String(p)));
        node.control(new ControlCommand.Protocol("b", "z".getBytes())).join();
        assertThat(got).containsExactly("b:x", "b:z", "b2:z");
    }

    @Test
    void tellsOccupancyListenersOfAChannelsFirstSubscriberAndItsLastLeaving() {
        List<String> events = new ArrayList<>();
        node.onOccupancy(new Node.OccupancyListener() {
            @Override
            public void occupied(String channel) {
                events.add("occupied " + channel);
            }

            @Override
            public void vacated(String channel) {
                events.add("vacated " + channel);
            }
        });
        RecordingSession a = new RecordingSession("a"), b = new RecordingSession("b");
        node.subscribe(a, "room").join();
        assertThat(events).containsExactly("occupied room");
        node.subscribe(b, "room").join();
        node.subscribe(a, "room").join();
        node.unsubscribe(a, "room");
        assertThat(events).containsExactly("occupied room");
        node.unsubscribe(b, "room");
        assertThat(events).containsExactly("occupied room", "vacated room");
        node.unsubscribe(b, "room"); // not subscribed any more
        assertThat(events).containsExactly("occupied room", "vacated room");
        node.subscribe(b, "room").join();
        assertThat(events).containsExactly("occupied room", "vacated room", "occupied room");
    }
}
