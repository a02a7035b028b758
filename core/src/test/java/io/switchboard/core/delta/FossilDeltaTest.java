package io.switchboard.core.delta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Fossil delta codec against vectors made by the npm {@code fossil-delta} reference (its {@code createDelta}
 * output for each pair, in {@code fossil-vectors.json}), and against corrupt deltas.
 */
class FossilDeltaTest {
    private static final Pattern VECTOR = Pattern.compile(
            "\\{\"name\": \"([^\"]*)\", \"source\": \"([0-9a-f]*)\", \"target\": \"([0-9a-f]*)\", \"delta\": \"([0-9a-f]*)\"}");
    private static final List<Vector> VECTORS = loadVectors();

    record Vector(String name, byte[] source, byte[] target, byte[] delta) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Vector> loadVectors() {
        try (InputStream in = FossilDeltaTest.class.getResourceAsStream("/fossil-vectors.json")) {
            if (in == null) throw new IllegalStateException("fossil-vectors.json missing from the test resources");
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            HexFormat hex = HexFormat.of();
            List<Vector> out = new ArrayList<>();
            Matcher m = VECTOR.matcher(json);
            while (m.find()) {
                out.add(new Vector(m.group(1), hex.parseHex(m.group(2)), hex.parseHex(m.group(3)), hex.parseHex(m.group(4))));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Vector> vectors() {
        return VECTORS;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theVectorFileHoldsEveryReferenceCase() {
        assertThat(VECTORS).hasSizeGreaterThanOrEqualTo(29);
        assertThat(VECTORS).extracting(Vector::name).contains("both empty", "identical json",
                "100 KB binary with flips, an insertion and a deletion", "target much shorter than source",
                "totally different binary", "more than 250 colliding blocks");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void createProducesExactlyTheReferenceDeltaBytes(Vector v) {
        byte[] ours = FossilDelta.create(v.source(), v.target());
        if (!Arrays.equals(ours, v.delta())) {
            int at = Arrays.mismatch(ours, v.delta());
            fail("delta differs from the reference at byte " + at + ": ours "
                    + text(Arrays.copyOfRange(ours, Math.max(0, at - 20), Math.min(ours.length, at + 20))) + " / reference "
                    + text(Arrays.copyOfRange(v.delta(), Math.max(0, at - 20), Math.min(v.delta().length, at + 20))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void applyingOurDeltaToTheSourceGivesTheTarget(Vector v) throws DeltaException {
        assertThat(FossilDelta.apply(v.source(), FossilDelta.create(v.source(), v.target()))).isEqualTo(v.target());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void applyingTheReferenceDeltaToTheSourceGivesTheTarget(Vector v) throws DeltaException {
        assertThat(FossilDelta.apply(v.source(), v.delta())).isEqualTo(v.target());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void outputSizeReadsTheTargetLengthFromTheHeader(Vector v) {
        assertThat(FossilDelta.outputSize(v.delta())).isEqualTo(v.target().length);
    }

    @Test
    void integersAreWrittenInFossilsAlphabetMostSignificantDigitFirst() throws DeltaException {
        // 100 = 1*64 + 36, and digit 36 is '_' (after 0-9 and A-Z)
        byte[] delta = FossilDelta.create(new byte[0], new byte[100]);
        assertThat(text(delta)).startsWith("1_\n1_:");
        assertThat(FossilDelta.outputSize(ascii("~~\n"))).isEqualTo(64 * 64 - 1);
        assertThat(FossilDelta.outputSize(ascii("zA\n"))).isEqualTo(62 * 64 + 10);
        // a hand-written delta: 3 literal bytes, then 2 bytes copied from offset 1 of the source
        byte[] target = ascii("xyzbc");
        String checksumCommand = text(FossilDelta.create(new byte[0], target)).substring("5\n5:xyzbc".length());
        assertThat(FossilDelta.apply(ascii("abcd"), ascii("5\n3:xyz2@1," + checksumCommand))).isEqualTo(target);
    }

    @Test
    void theChecksumSumsBigEndianWordsWithTheTailPaddedWithZeros() {
        assertThat(FossilDelta.checksum(ascii(""), 0)).isZero();
        assertThat(FossilDelta.checksum(ascii("abcd"), 4)).isEqualTo(0x61626364);
        assertThat(FossilDelta.checksum(ascii("abcdab"), 6)).isEqualTo(0x61626364 + 0x61620000);
        byte[] ff = new byte[21];
        Arrays.fill(ff, (byte) 0xFF);
        assertThat(FossilDelta.checksum(ff, 21)).isEqualTo(5 * 0xFFFFFFFF + 0xFF000000);
    }

    @Test
    void aDeltaBetweenSimilarJsonDocumentsIsMuchSmallerThanTheTarget() throws DeltaException {
        StringBuilder a = new StringBuilder("{\"channel\":\"scores\",\"items\":[");
        for (int i = 0; i < 100; i++) a.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"score\":").append(i * 3).append('}');
        a.append("]}");
        String before = a.toString();
        String after = before.replace("{\"id\":42,\"score\":126}", "{\"id\":42,\"score\":127}");
        byte[] delta = FossilDelta.create(ascii(before), ascii(after));
        assertThat(delta.length).isLessThan(after.length() / 20);
        assertThat(FossilDelta.apply(ascii(before), delta)).isEqualTo(ascii(after));
    }

    @Test
    void randomEditsRoundTrip() throws DeltaException {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] source = new byte[random.nextInt(3000)];
            for (int i = 0; i < source.length; i++) source[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(3));
            byte[] target = source.clone();
            for (int e = random.nextInt(6); e > 0 && target.length > 0; e--) {
                int at = random.nextInt(target.length);
                switch (random.nextInt(3)) {
                    case 0 -> target[at] ^= (byte) (1 + random.nextInt(255));
                    case 1 -> target = concat(Arrays.copyOf(target, at), new byte[random.nextInt(40)], Arrays.copyOfRange(target, at, target.length));
                    default -> target = concat(Arrays.copyOf(target, at), Arrays.copyOfRange(target, Math.min(target.length, at + random.nextInt(100)), target.length));
                }
            }
            byte[] delta = FossilDelta.create(source, target);
            assertThat(FossilDelta.outputSize(delta)).isEqualTo(target.length);
            assertThat(FossilDelta.apply(source, delta)).isEqualTo(target);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int k = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    @Test
    void aDeltaCutShortAnywhereIsRejected() {
        for (Vector v : VECTORS) {
            if (v.delta().length > 2000) continue;
            for (int len = 0; len < v.delta().length; len++) {
                byte[] cut = Arrays.copyOf(v.delta(), len);
                assertThatThrownBy(() -> FossilDelta.apply(v.source(), cut))
                        .as("%s cut to %d bytes", v.name(), len).isInstanceOf(DeltaException.class);
            }
        }
    }

    @Test
    void aWrongChecksumIsRejected() {
        byte[] source = ascii("hello, world");
        byte[] delta = FossilDelta.create(source, ascii("hello, there"));
        byte[] wrong = delta.clone();
        wrong[wrong.length - 2] = (byte) (wrong[wrong.length - 2] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> FossilDelta.apply(source, wrong)).isInstanceOf(DeltaException.class).hasMessageContaining("checksum");
        // the whole target is one literal (the source is shorter than a block): "C\nC:hello, there" then the checksum
        byte[] zeroChecksum = concat(Arrays.copyOf(delta, "C\nC:hello, there".length()), ascii("0;"));
        assertThatThrownBy(() -> FossilDelta.apply(source, zeroChecksum)).isInstanceOf(DeltaException.class).hasMessageContaining("checksum");
        // a flipped literal byte: same shape, other output, so the checksum no longer matches
        byte[] flipped = delta.clone();
        flipped[delta.length - 10] ^= 1;
        assertThatThrownBy(() -> FossilDelta.apply(source, flipped)).isInstanceOf(DeltaException.class).hasMessageContaining("checksum");
    }

    @Test
    void aCopyPastTheEndOfTheSourceIsRejected() {
        byte[] source = ascii("abcdefgh");
        assertThatThrownBy(() -> FossilDelta.apply(source, ascii("4\n4@6,0;"))).isInstanceOf(DeltaException.class)
                .hasMessageContaining("past end of source");
        // an offset at 2^32-1 must not wrap around into range
        assertThatThrownBy(() -> FossilDelta.apply(source, ascii("1\n1@3~~~~~,0;"))).isInstanceOf(DeltaException.class);
    }

    @Test
    void commandsThatMakeMoreOrLessThanTheDeclaredSizeAreRejected() {
        byte[] source = ascii("abcdefgh");
        assertThatThrownBy(() -> FossilDelta.apply(source, ascii("2\n4@0,0;"))).isInstanceOf(DeltaException.class)
                .hasMessageContaining("exceeds output");
        assertThatThrownBy(() -> FossilDelta.apply(source, ascii("2\n3:xyz0;"))).isInstanceOf(DeltaException.class)
                .hasMessageContaining("larger than predicted");
        // three bytes made where four were declared, with the right checksum of those three
        String checksumCommand = text(FossilDelta.create(new byte[0], ascii("abc"))).substring("3\n3:abc".length());
        assertThatThrownBy(() -> FossilDelta.apply(source, ascii("4\n3@0," + checksumCommand))).isInstanceOf(DeltaException.class)
                .hasMessageContaining("does not match predicted size");
    }

    @Test
    void malformedCommandsAreRejected() {
        byte[] source = ascii("abcdefgh");
        for (String delta : List.of("", "\n", "3", "3;", "3 \n", "\n3:abc0;", "3\n9:abc0;", "3\n3@0;", "3\n3@0", "3\n3@,0;",
                "3\n3#0,0;", "3\n3:abc", "3\n3:abc;", "3\n@0,0;", "3\n3@0,0", "3\n3@0,07",
                "1\n1:a1111111111111111111;", "11111111111111111111\n")) {
            assertThatThrownBy(() -> FossilDelta.apply(source, ascii(delta))).as(delta).isInstanceOf(DeltaException.class);
        }
    }

    @Test
    void aHugeDeclaredSizeIsRejectedBeforeAnyAllocation() {
        // 2^31-ish bytes declared by a 12-byte delta over an 8-byte source: impossible, so no 2 GB array
        assertThatThrownBy(() -> FossilDelta.apply(ascii("abcdefgh"), ascii("1~~~~~\n1@0,0;"))).isInstanceOf(DeltaException.class)
                .hasMessageContaining("declared output size");
        assertThat(FossilDelta.outputSize(ascii("1~~~~~\n"))).isEqualTo(Integer.MAX_VALUE);
        assertThat(FossilDelta.outputSize(ascii("3~~~~~\n"))).isEqualTo(-1);
    }

    @Test
    void outputSizeIsMinusOneForAMalformedHeader() {
        assertThat(FossilDelta.outputSize(new byte[0])).isEqualTo(-1);
        assertThat(FossilDelta.outputSize(ascii("12"))).isEqualTo(-1);
        assertThat(FossilDelta.outputSize(ascii("\n"))).isEqualTo(-1);
        assertThat(FossilDelta.outputSize(ascii("1@"))).isEqualTo(-1);
        assertThat(FossilDelta.outputSize(ascii("0\n"))).isZero();
    }

    @Test
    void garbageAndMutatedDeltasOnlyEverFailWithDeltaException() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(42);
            byte[] alphabet = ascii("0123456789AZ_az~@:;,\n");
            for (int round = 0; round < 20_000; round++) {
                Vector v = VECTORS.get(random.nextInt(VECTORS.size()));
                if (v.delta().length > 5000) continue;
                byte[] delta;
                if (round % 4 == 0) {
                    delta = new byte[random.nextInt(64)];
                    for (int i = 0; i < delta.length; i++) {
                        delta[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                    }
                } else {
                    delta = v.delta().clone();
                    for (int m = 1 + random.nextInt(3); m > 0 && delta.length > 0; m--) {
                        int at = random.nextInt(delta.length);
                        delta[at] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                    }
                }
                try {
                    FossilDelta.apply(v.source(), delta);
                } catch (DeltaException expected) {
                    // the only way to fail
                }
                FossilDelta.outputSize(delta);
            }
        });
    }
}
