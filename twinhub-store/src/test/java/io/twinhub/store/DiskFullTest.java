package io.twinhub.store;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.RecoveredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real write failure: the store on a 4 MiB tmpfs, written until the disk is full. */
class DiskFullTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskStopsWritesAndNothingAcknowledgedIsLost() throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("small"));
        assumeTrue(TestMounts.mountTmpfs(mount, "4m"), TestMounts.WHY_SKIPPED);
        RocksBrokerStore store = null;
        try {
            StoreSettings settings = StoreSettings.defaults(mount.resolve("data")).withWriteBufferBytes(1 << 20);
            store = RocksBrokerStore.open(settings);
            int groups = 200; // 200 × 64 KiB = 12.5 MiB: far more than fits
            List<CompletableFuture<Throwable>> results = IntStream.range(0, groups)
                    .mapToObj(i -> new CompletableFuture<Throwable>()).toList();
            for (int i = 0; i < groups; i++) {
                Message m = new Message("t/" + i, 1, false, new BytesPayload(Samples.randomBytes(64 * 1024, i)),
                        null, Message.NO_EXPIRY, "p");
                BrokerStore.WriteGroup g = store.newGroup();
                g.putQueued("c", new QueuedMessage(i, m, 1, false, new int[0], QueuedMessage.State.QUEUED));
                g.commit(results.get(i)::complete);
            }
            Set<Long> acknowledged = new HashSet<>();
            int firstFailure = -1;
            for (int i = 0; i < groups; i++) {
                Throwable error = results.get(i).get(30, TimeUnit.SECONDS);
                if (error == null) {
                    assertThat(firstFailure).as("group %d succeeded after group %d failed", i, firstFailure)
                            .isEqualTo(-1);
                    acknowledged.add((long) i);
                } else if (firstFailure < 0) {
                    firstFailure = i;
                    assertThat(error).isInstanceOf(StoreException.class)
                            .hasMessageContaining(mount.resolve("data").toString())
                            .hasMessageContaining("accepts no more writes");
                }
            }
            assertThat(firstFailure).as("the disk filled up").isPositive();
            assertThat(acknowledged).isNotEmpty();
            assertThat(store.isWritable()).isFalse();
            assertThat(store.failure()).isInstanceOf(StoreException.class);

            // every later commit fails, even a tiny one
            CompletableFuture<Throwable> later = new CompletableFuture<>();
            BrokerStore.WriteGroup tiny = store.newGroup();
            tiny.putInboundQos2("c", 1);
            tiny.commit(later::complete);
            assertThat(later.get(10, TimeUnit.SECONDS)).isSameAs(store.failure());
            store.close();
            store = null;

            // give the disk room again: everything acknowledged must be there after a restart
            assertThat(TestMounts.remount(mount, "size=64m")).isTrue();
            store = RocksBrokerStore.open(settings);
            RecoveredState state = store.recover();
            Set<Long> recovered = new HashSet<>();
            state.queued().getOrDefault("c", List.of()).forEach(q -> recovered.add(q.seq()));
            assertThat(recovered).containsAll(acknowledged);
            System.out.printf("disk full after %d of %d groups; %d recovered%n", firstFailure, groups,
                    recovered.size());
        } finally {
            if (store != null) {
                store.close();
            }
            TestMounts.unmount(mount);
        }
    }
}
