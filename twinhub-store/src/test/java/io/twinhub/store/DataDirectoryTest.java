package io.twinhub.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheDirectoryAndWritesTheLayout() throws Exception {
        Path dir = tmp.resolve("new/nested/data");
        try (DataDirectory d = DataDirectory.open(dir)) {
            assertThat(d.layoutVersion()).isEqualTo(DataDirectory.LAYOUT_VERSION);
            assertThat(d.rocksDbPath()).isEqualTo(dir.toAbsolutePath().resolve("rocksdb"));
        }
        assertThat(Files.readString(dir.resolve("LAYOUT"))).isEqualTo("twinhub-data-layout 1\n");
        assertThat(dir.resolve("LAYOUT.tmp")).doesNotExist();
        // and it opens again, with the lock released by close
        DataDirectory.open(dir).close();
    }

    @Test
    void secondOpenInTheSameProcessIsRefused() {
        DataDirectory held = DataDirectory.open(tmp);
        try {
            assertThatThrownBy(() -> DataDirectory.open(tmp))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another twinhub node")
                    .hasMessageContaining(tmp.toAbsolutePath().toString());
        } finally {
            held.close();
        }
        DataDirectory.open(tmp).close();
    }

    @Test
    void aDirectoryHeldByAnotherProcessIsRefusedWithItsPid() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldLock.class.getName(), tmp.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("locked ");
            assertThatThrownBy(() -> DataDirectory.open(tmp))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + tmp.toAbsolutePath() + " is in use by another twinhub node")
                    .hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.getOutputStream().close(); // the holder exits when its stdin closes
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        DataDirectory.open(tmp).close();
    }

    @Test
    void aNewerLayoutIsRefusedNamingBothVersions() throws Exception {
        Files.writeString(tmp.resolve("LAYOUT"), "twinhub-data-layout 2\n");
        assertThatThrownBy(() -> DataDirectory.open(tmp))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("layout version 2")
                .hasMessageContaining("knows layout version 1")
                .hasMessageContaining(tmp.toAbsolutePath().toString());
        // the refusal released the lock
        Files.writeString(tmp.resolve("LAYOUT"), "twinhub-data-layout 1\n");
        DataDirectory.open(tmp).close();
    }

    @Test
    void aGarbageLayoutFileIsRefused() throws Exception {
        Files.write(tmp.resolve("LAYOUT"), new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThatThrownBy(() -> DataDirectory.open(tmp))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unreadable layout file " + tmp.toAbsolutePath().resolve("LAYOUT"))
                .hasMessageContaining("expected one line 'twinhub-data-layout <version>'");

        Files.write(tmp.resolve("LAYOUT"), new byte[10_000]);
        assertThatThrownBy(() -> DataDirectory.open(tmp))
                .hasMessageContaining("unreadable layout file");

        Files.writeString(tmp.resolve("LAYOUT"), "twinhub-data-layout 0\n");
        assertThatThrownBy(() -> DataDirectory.open(tmp))
                .hasMessageContaining("invalid layout version 0");
    }

    @Test
    void aPathThroughARegularFileIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> DataDirectory.open(file.resolve("data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("data directory " + file.resolve("data"))
                .hasMessageFindingMatch("(?i)not a directory");
        assertThatThrownBy(() -> DataDirectory.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("data directory " + file)
                .hasMessageContaining("not a directory");
    }

    @Test
    void aReadOnlyDirectoryIsRefusedNamingIt() throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("ro"));
        assumeTrue(TestMounts.mountTmpfs(mount, "1m"), TestMounts.WHY_SKIPPED);
        try {
            Path existing = mount.resolve("existing");
            DataDirectory.open(existing).close();
            assertThat(TestMounts.remount(mount, "ro")).isTrue();
            assertThatThrownBy(() -> DataDirectory.open(existing))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + existing + " is not writable")
                    .hasMessageContaining("Read-only file system");
            assertThatThrownBy(() -> DataDirectory.open(mount.resolve("fresh")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + mount.resolve("fresh") + " cannot be created")
                    .hasMessageContaining("Read-only file system");
        } finally {
            TestMounts.unmount(mount);
        }
    }
}
