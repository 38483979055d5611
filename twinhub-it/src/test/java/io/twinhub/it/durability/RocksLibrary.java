package io.twinhub.it.durability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * RocksDB's native library, extracted once for every broker process the tests start. Without
 * it each node unpacks its own copy into the temp directory, which costs start-up time and, as
 * a node killed with SIGKILL never deletes its copy, leaves one 16 MB file behind per kill.
 */
final class RocksLibrary {

    private static final String NAME = "librocksdbjni-linux64.so";
    private static Optional<Path> directory;

    private RocksLibrary() { }

    /** A directory holding the library, for {@code java.library.path}; empty where it does not apply. */
    static synchronized Optional<Path> directory() {
        if (directory == null) {
            directory = extract();
        }
        return directory;
    }

    private static Optional<Path> extract() {
        if (!System.getProperty("os.name", "").startsWith("Linux") || !"amd64".equals(System.getProperty("os.arch"))) {
            return Optional.empty();
        }
        try (InputStream in = ClassLoader.getSystemResourceAsStream(NAME)) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "twinhub-durability-rocksdb-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            Path target = dir.resolve(NAME);
            Path partial = dir.resolve(NAME + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dir.toFile().deleteOnExit();
            target.toFile().deleteOnExit();
            return Optional.of(dir);
        } catch (IOException e) {
            return Optional.empty(); // each node extracts its own copy, as without this class
        }
    }
}
