package io.switchboard.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Centrifugo writes them (Go's "1h30m", "500ms", "25s"), or a plain number of seconds. */
final class Durations {
    static final String HINT = "use e.g. \"25s\", \"500ms\", \"5m\", \"720h\", or seconds as a number";

    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** Empty when the text is not a non-negative duration that fits in 292 years. */
    static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (SECONDS.matcher(s).matches()) return seconds(new BigDecimal(s));
        if (!WHOLE.matcher(s).matches()) return Optional.empty();
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            String number = m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1);
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
        }
        return ofNanos(nanos);
    }

    static Optional<Duration> seconds(BigDecimal seconds) {
        if (seconds.signum() < 0) return Optional.empty();
        return ofNanos(seconds.movePointRight(9));
    }

    private static Optional<Duration> ofNanos(BigDecimal nanos) {
        if (nanos.compareTo(MAX_NANOS) > 0) return Optional.empty();
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** The shortest exact form in the largest whole unit: "720h", "5m", "25s", "500ms". */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (d.getNano() % 1_000_000 != 0) return d.toNanos() + "ns";
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
