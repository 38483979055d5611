package io.twinhub.http.testkit;

import io.twinhub.twin.ShadowService;

/** The shadow service of a test hub. */
final class TestShadows {

    private TestShadows() {
    }

    static ShadowService open() {
        return new ScaffoldShadows();
    }

    static void close(ShadowService service) {
        if (service instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
