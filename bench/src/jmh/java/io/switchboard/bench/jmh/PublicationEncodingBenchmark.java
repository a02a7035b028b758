package io.switchboard.bench.jmh;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.centrifugo.internal.codec.ProtobufCodec;
import io.switchboard.core.PreparedPublication;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One publication push encoded by each Centrifugo codec, as the fan-out does it once per publication and codec
 * ({@code encode}), and the cached lookup every further subscriber of that codec pays ({@code cached}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class PublicationEncodingBenchmark {
    @Param({"json", "protobuf"})
    public String codec;

    @Param({"100", "1000"})
    public int dataBytes;

    private ClientCodec clientCodec;
    private Publication publication;
    private PreparedPublication prepared;

    @Setup
    public void setUp() {
        clientCodec = codec.equals("json") ? JsonCodec.BIDI : ProtobufCodec.BIDI;
        publication = new Publication(42, benchmarkMessage(dataBytes), null, Map.of(), 0);
        prepared = new PreparedPublication("news", publication, new StreamPosition(42, "kBdZqTYa"));
        prepared.encoded(clientCodec.cacheSlot(), p -> clientCodec.publicationPush(p.channel(), p.publication()));
    }

    @Benchmark
    public byte[] encode() {
        return clientCodec.publicationPush("news", publication);
    }

    @Benchmark
    public byte[] cached() {
        return prepared.encoded(clientCodec.cacheSlot(), p -> clientCodec.publicationPush(p.channel(), p.publication()));
    }

    /** The load generator's message shape: {"t":…,"seq":…,"pad":"xx…"}. */
    static byte[] benchmarkMessage(int bytes) {
        String head = "{\"t\":123456789012,\"seq\":42,\"pad\":\"";
        char[] pad = new char[Math.max(0, bytes - head.length() - 2)];
        Arrays.fill(pad, 'x');
        return (head + new String(pad) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
