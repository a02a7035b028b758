package io.switchboard.bench.jmh;

import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Hub;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.Session;
import io.switchboard.core.StreamPosition;
import io.switchboard.protocol.Outbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Hub#deliver} of one publication to N sessions of one channel, reported per delivered session:
 * <ul>
 *   <li>{@code noop}: sessions that do nothing, the hub's own cost (snapshot walk, one prepared publication);</li>
 *   <li>{@code encodeOnce}: sessions that fetch the JSON push from the prepared publication's cache, as
 *       CentrifugoClient's drain does; the first encodes it, every other one shares the bytes;</li>
 *   <li>{@code inbox}: sessions that offer the publication to a {@link Outbox} whose loop is a queue
 *       drained after the fan-out, as one event loop would run the drains: the per-session hand-off cost.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class HubFanOutBenchmark {
    private static final int SUBSCRIBERS = 1000;
    private static final int JSON_SLOT = JsonCodec.BIDI.cacheSlot();

    @Param({"noop", "encodeOnce", "inbox"})
    public String session;

    private final Hub hub = new Hub();
    private final ArrayDeque<Runnable> loopTasks = new ArrayDeque<>();
    private final Publication publication = new Publication(0, PublicationEncodingBenchmark.benchmarkMessage(100), null, Map.of(), 0);
    private long sink;

    @Setup
    public void setUp() {
        Executor loop = loopTasks::add;
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Session s = switch (session) {
                case "noop" -> new BenchSession("c" + i) {
                    @Override
                    public void deliver(PreparedPublication p) {
                    }
                };
                case "encodeOnce" -> new BenchSession("c" + i) {
                    @Override
                    public void deliver(PreparedPublication p) {
                        byte[] push = p.encoded(JSON_SLOT, x -> JsonCodec.BIDI.publicationPush(x.channel(), x.publication()));
                        sink += push.length;
                    }
                };
                default -> new InboxSession("c" + i, loop);
            };
            hub.addSession(s);
            hub.subscribe("news", s);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SUBSCRIBERS)
    public long deliver() {
        hub.deliver("news", publication, StreamPosition.NONE, null);
        for (Runnable task; (task = loopTasks.poll()) != null; ) task.run();
        return sink;
    }

    private abstract static class BenchSession implements Session {
        private final String id;

        BenchSession(String id) {
            this.id = id;
        }

        @Override
        public String clientId() {
            return id;
        }

        @Override
        public String userId() {
            return "";
        }

        @Override
        public void deliverJoin(String channel, ClientInfo info) {
        }

        @Override
        public void deliverLeave(String channel, ClientInfo info) {
        }

        @Override
        public void disconnect(Disconnect disconnect) {
        }
    }

    private final class InboxSession extends BenchSession {
        private final Outbox inbox;

        InboxSession(String id, Executor loop) {
            super(id);
            this.inbox = new Outbox(loop, 1 << 20, new Outbox.Receiver() {
                @Override
                public void publication(PreparedPublication p) {
                    sink += p.encoded(JSON_SLOT, x -> JsonCodec.BIDI.publicationPush(x.channel(), x.publication())).length;
                }

                @Override
                public void endOfBurst() {
                }
            }, () -> {
                throw new IllegalStateException("overflow");
            });
            inbox.resume();
        }

        @Override
        public void deliver(PreparedPublication p) {
            inbox.publication(p);
        }
    }
}
