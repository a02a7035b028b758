package io.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Seeded ways to damage a valid frame: flips, truncation, splices, inserted huge numbers, deep nesting. */
public final class Mutations {
    private static final String[] HUGE = {"999999999", "2147483648", "51234567", "-1", "18446744073709551615",
            "1e309", "\u0000", "\uFEFF"};

    private Mutations() {
    }

    public static byte[] mutate(byte[] frame, Random rnd) {
        byte[] out = frame;
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) out = once(out, rnd);
        return out;
    }

    private static byte[] once(byte[] f, Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> flip(f, rnd);
            case 1 -> Arrays.copyOf(f, f.length == 0 ? 0 : rnd.nextInt(f.length));
            case 2 -> splice(f, f, rnd);
            case 3 -> insert(f, rnd.nextInt(f.length + 1), HUGE[rnd.nextInt(HUGE.length)].getBytes(StandardCharsets.UTF_8));
            case 4 -> insert(f, rnd.nextInt(f.length + 1), new byte[] {(byte) rnd.nextInt(256)});
            default -> insert(f, rnd.nextInt(f.length + 1), nesting(rnd.nextInt(2000), rnd.nextBoolean()));
        };
    }

    public static String mutate(String frame, Random rnd) {
        return new String(mutate(frame.getBytes(StandardCharsets.UTF_8), rnd), StandardCharsets.UTF_8);
    }

    /** One byte with random bits flipped. */
    public static byte[] flip(byte[] f, Random rnd) {
        if (f.length == 0) return f;
        byte[] out = f.clone();
        out[rnd.nextInt(out.length)] ^= (byte) (1 + rnd.nextInt(255));
        return out;
    }

    /** The head of {@code a} joined to the tail of {@code b}, cut at random places. */
    public static byte[] splice(byte[] a, byte[] b, Random rnd) {
        int cutA = rnd.nextInt(a.length + 1), cutB = rnd.nextInt(b.length + 1);
        byte[] out = Arrays.copyOf(a, cutA + b.length - cutB);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    public static byte[] insert(byte[] f, int at, byte[] what) {
        byte[] out = new byte[f.length + what.length];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(f, at, out, at + what.length, f.length - at);
        return out;
    }

    /** {@code depth} opening brackets or braces-with-keys. */
    public static byte[] nesting(int depth, boolean arrays) {
        String unit = arrays ? "[" : "{\"a\":";
        return unit.repeat(depth).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] randomBytes(Random rnd, int maxLength) {
        byte[] out = new byte[rnd.nextInt(maxLength + 1)];
        rnd.nextBytes(out);
        return out;
    }
}
