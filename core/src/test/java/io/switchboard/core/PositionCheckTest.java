package io.switchboard.core;

import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker that drops what it is told to, as Redis PUB/SUB does across a reconnect, and the rounds that catch it. */
class PositionCheckTest {
    private final ChannelOptions history = ChannelOptions.builder().historySize(10).historyTtl(Duration.ofMinutes(1)).build();
    private final ChannelRules rules = new ChannelRules(255, history, Map.of("plain", ChannelOptions.DEFAULTS));
    private final MemoryEngine memory = new MemoryEngine();
    private final LossyBroker broker = new LossyBroker(memory);
    private final Node node = new Node("n", "0", rules, new Engine(broker, memory, memory), 10);
    private final PositionCheck check = new PositionCheck(node.hub(), rules, memory);
    private final List<String> lost = new ArrayList<>();

    {
        node.hub().trackPositions();
    }

    private final Session session = new NodeTest.RecordingSession("c1") {
        @Override
        public void positionLost(String channel) {
            lost.add(channel);
        }
    };

    private void publish(String channel) {
        node.publish(channel, "{}".getBytes(), PublishOptions.DEFAULT).join();
    }

    private void subscribe(String channel) {
        node.addSession(session);
        node.subscribe(session, channel).join();
        node.position(channel, rules.optionsFor(channel).orElseThrow()).join();
    }

    @Test
    void aDroppedLastPublicationIsFoundOnTheSecondRound() {
        subscribe("news");
        publish("news");
        broker.dropping = true;
        publish("news"); // in the stream, never delivered
        broker.dropping = false;
        check.round();
        assertThat(lost).isEmpty(); // it could still be on its way
        check.round();
        assertThat(lost).containsExactly("news");
        check.round();
        check.round();
        assertThat(lost).hasSize(1); // told once; later publications continue from the top
    }

    @Test
    void aPublicationThatArrivesBetweenRoundsIsNoLoss() {
        subscribe("news");
        broker.holding = true;
        publish("news");
        check.round(); // the stream is ahead: suspect
        broker.release();
        check.round();
        check.round();
        assertThat(lost).isEmpty();
    }

    @Test
    void aLossBeforeAnythingWasDeliveredIsMeasuredFromThePositionSubscribersRead() {
        subscribe("news");
        broker.dropping = true;
        publish("news");
        check.round();
        check.round();
        assertThat(lost).containsExactly("news");
    }

    @Test
    void channelsWithoutHistoryOrSubscribersAreNotChecked() {
        subscribe("plain:x");
        broker.dropping = true;
        publish("plain:x");
        publish("elsewhere");
        check.round();
        check.round();
        assertThat(lost).isEmpty();
    }

    /** Delivers through the memory engine, except while dropping (lost) or holding (late). */
    static final class LossyBroker implements Broker {
        private final MemoryEngine memory;
        private final List<Runnable> held = new ArrayList<>();
        volatile boolean dropping;
        volatile boolean holding;

        LossyBroker(MemoryEngine memory) {
            this.memory = memory;
        }

        void release() {
            holding = false;
            held.forEach(Runnable::run);
            held.clear();
        }

        @Override
        public void start(BrokerEventHandler handler) {
            memory.start(new BrokerEventHandler() {
                @Override
                public void onPublication(String channel, Publication publication, StreamPosition position,
                                          Publication previous) {
                    if (dropping) return;
                    if (holding) held.add(() -> handler.onPublication(channel, publication, position, previous));
                    else handler.onPublication(channel, publication, position, previous);
                }

                @Override
                public void onJoin(String channel, ClientInfo info) {
                    handler.onJoin(channel, info);
                }

                @Override
                public void onLeave(String channel, ClientInfo info) {
                    handler.onLeave(channel, info);
                }
            });
        }

        @Override
        public CompletableFuture<StreamPosition> publish(String channel, Publication publication, HistoryOptions h,
                                                         boolean withPrevious) {
            return memory.publish(channel, publication, h, withPrevious);
        }

        @Override
        public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
            return memory.publishJoin(channel, info);
        }

        @Override
        public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
            return memory.publishLeave(channel, info);
        }

        @Override
        public CompletableFuture<Void> publishControl(ControlCommand command) {
            return memory.publishControl(command);
        }

        @Override
        public CompletableFuture<Void> subscribe(String channel) {
            return memory.subscribe(channel);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String channel) {
            return memory.unsubscribe(channel);
        }
    }
}
