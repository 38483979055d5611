package io.twinhub.bench.scenario;

import io.twinhub.bench.client.BenchConnection;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Closes a run's connections politely (DISCONNECT) and waits, boundedly, until they are gone. */
final class Teardown {

    private Teardown() { }

    static void disconnect(List<? extends BenchConnection> conns) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(conns.size());
        for (BenchConnection c : conns) {
            if (!c.executeOnLoop(() -> {
                c.disconnect();
                c.onClosed(done::countDown);
            })) {
                done.countDown();
            }
        }
        done.await(10, TimeUnit.SECONDS);
    }
}
