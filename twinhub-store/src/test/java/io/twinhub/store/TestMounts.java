package io.twinhub.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small tmpfs mounts for disk-full and read-only tests; needs root (CAP_SYS_ADMIN). */
final class TestMounts {

    private TestMounts() { }

    static boolean mountTmpfs(Path dir, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    static boolean remount(Path dir, String options) {
        return run("mount", "-o", "remount," + options, dir.toString());
    }

    static void unmount(Path dir) {
        if (!run("umount", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
    }

    static final String WHY_SKIPPED = "mounting a tmpfs needs root or CAP_SYS_ADMIN, which this test run does not have";

    private static boolean run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", cmd) + " failed: " + out.strip());
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
