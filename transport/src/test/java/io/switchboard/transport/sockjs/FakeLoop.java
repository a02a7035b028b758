package io.switchboard.transport.sockjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A session loop on a fake clock: tasks run when {@link #advance} passes their time. */
final class FakeLoop implements SessionLoop {
    private record Timer(long at, long seq, Runnable task, boolean[] cancelled) {
    }

    private final List<Timer> timers = new ArrayList<>();
    private long now;
    private long seq;

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    void advance(long millis) {
        long until = now + millis;
        while (true) {
            Timer next = timers.stream().filter(t -> t.at() <= until)
                    .min(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq)).orElse(null);
            if (next == null) break;
            timers.remove(next);
            now = next.at();
            if (!next.cancelled()[0]) next.task().run();
        }
        now = until;
    }
}
