package io.twinhub.mqtt;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.twinhub.core.session.SessionLoop;

import java.util.concurrent.TimeUnit;

/** A Netty event loop seen as a session's owner loop. */
record NettyLoop(EventLoop loop) implements SessionLoop {

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
