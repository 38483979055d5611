package io.twinhub.core.session;

import java.util.concurrent.Executor;

/**
 * A single thread that runs tasks one at a time, in submission order: the only thread allowed to
 * touch a session's state while it owns the session. The transport supplies it (an event loop).
 */
public interface SessionLoop extends Executor {

    /** True when called from this loop's own thread. */
    boolean inLoop();

    /** Runs the task on this loop after the delay; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    interface Cancellable {
        void cancel();
    }
}
