package io.twinhub.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary directories tests made, so that a suite run leaves nothing behind. */
public final class TempDirs {

    private TempDirs() { }

    /** Deletes {@code dir} and everything under it; best effort (a file still open stays). */
    public static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort: already gone, or not readable
        }
    }
}
