package io.twinhub.core.session;

import java.util.ArrayList;
import java.util.List;

/**
 * A session loop for tests of the domain alone: tasks run at once on the calling thread, and
 * scheduled tasks wait until the test advances the clock. The test thread plays the loop.
 */
final class ManualLoop implements SessionLoop {

    private record Timer(long dueMillis, Runnable task, boolean[] cancelled) { }

    private final List<Timer> timers = new ArrayList<>();
    private long nowMillis;

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        timers.add(new Timer(nowMillis + delayMillis, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward and runs the timers that came due, in due order. */
    void advance(long millis) {
        nowMillis += millis;
        timers.sort((a, b) -> Long.compare(a.dueMillis, b.dueMillis));
        List<Timer> due = new ArrayList<>();
        for (Timer t : timers) {
            if (t.dueMillis <= nowMillis) {
                due.add(t);
            }
        }
        timers.removeAll(due);
        for (Timer t : due) {
            if (!t.cancelled[0]) {
                t.task.run();
            }
        }
    }
}
