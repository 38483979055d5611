package io.twinhub.store;

import java.nio.file.Path;

/** Run in a second JVM by {@link DataDirectoryTest}: holds a data directory until stdin closes. */
public final class HoldLock {

    public static void main(String[] args) throws Exception {
        try (DataDirectory dir = DataDirectory.open(Path.of(args[0]))) {
            System.out.println("locked " + dir.path());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
