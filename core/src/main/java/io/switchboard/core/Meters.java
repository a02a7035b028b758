package io.switchboard.core;

/**
 * Where the node and the protocols report what they count and time, without knowing a metrics library: the
 * server binds it to one (Micrometer). A hot path resolves its {@link Count} once (per module or connection)
 * and then only adds, so counting costs an add and never a lookup by labels.
 */
public interface Meters {
    /** Counts nothing: the default while metrics are off. */
    Meters NONE = new Meters() {
        @Override
        public Count count(String name, String... labels) {
            return Count.NONE;
        }

        @Override
        public Timer timer(String name, String... labels) {
            return Timer.NONE;
        }
    };

    /** A monotonic count. */
    interface Count {
        Count NONE = n -> { };

        void add(long n);

        default void increment() {
            add(1);
        }
    }

    /** Durations of one kind of operation. */
    interface Timer {
        Timer NONE = nanos -> { };

        void record(long nanos);
    }

    /**
     * The count of this name and label set, created when new.
     *
     * @param labels label names and values, alternating: {@code "protocol", "pusher", "code", "4100"}
     */
    Count count(String name, String... labels);

    /** The timer of this name and label set, created when new; labels as in {@link #count}. */
    Timer timer(String name, String... labels);
}
