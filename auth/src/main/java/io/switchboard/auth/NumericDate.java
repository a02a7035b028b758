package io.switchboard.auth;

import java.time.Instant;

/** A JWT NumericDate compared the way Go's time.Time compares it, so exp and nbf edge cases match Centrifugo. */
record NumericDate(long unixSeconds, int nanos) {
    // Go counts seconds from year 1 in an int64; absurdly large dates wrap there, and so they do here.
    private static final long UNIX_TO_INTERNAL = 62_135_596_800L;

    /** Like time.Unix(int64(whole), int64(fraction * 1e9)) after math.Modf. */
    static NumericDate of(double seconds) {
        double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
        long sec = (long) whole;
        long nsec = (long) ((seconds - whole) * 1e9);
        if (nsec < 0) {
            nsec += 1_000_000_000L;
            sec--;
        }
        return new NumericDate(sec, (int) nsec);
    }

    static NumericDate of(Instant instant) {
        return new NumericDate(instant.getEpochSecond(), instant.getNano());
    }

    boolean after(NumericDate other) {
        return compare(other) > 0;
    }

    boolean before(NumericDate other) {
        return compare(other) < 0;
    }

    private int compare(NumericDate other) {
        int bySeconds = Long.compare(unixSeconds + UNIX_TO_INTERNAL, other.unixSeconds + UNIX_TO_INTERNAL);
        return bySeconds != 0 ? bySeconds : Integer.compare(nanos, other.nanos);
    }
}
