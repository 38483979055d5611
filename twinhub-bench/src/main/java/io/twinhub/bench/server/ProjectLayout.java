package io.twinhub.bench.server;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the repository is, found from where the bench classes were loaded
 * ({@code <root>/twinhub-bench/target/...}), so --start twinhub can run twinhub-server's jar.
 */
public final class ProjectLayout {

    private ProjectLayout() { }

    /** The repository root: -Dtwinhub.root, else derived from the code location, else the working directory. */
    public static Path root() {
        String prop = System.getProperty("twinhub.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        return fromCodeSource().orElse(Path.of("").toAbsolutePath());
    }

    private static Optional<Path> fromCodeSource() {
        try {
            Path p = Path.of(ProjectLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = p; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("twinhub-server"))) {
                    return Optional.of(dir);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Optional.empty();
    }

    /**
     * The class path of twinhub-server's packaged jar and its lib/ directory, from {@code dir}
     * (a copy, so a benchmark suite keeps measuring one build while the sources change), or
     * from {@code root/twinhub-server/target} when {@code dir} is null.
     */
    public static String twinhubServerClassPath(Path root, Path dir) {
        Path target = dir != null ? dir.toAbsolutePath() : root.resolve("twinhub-server/target");
        try (var files = Files.list(target)) {
            Path jar = files
                    .filter(f -> f.getFileName().toString().matches("twinhub-server-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no twinhub-server jar in " + target
                            + "; build it first (./twinhub bench builds it, or mvn -pl twinhub-server -am package)"));
            if (!Files.isDirectory(target.resolve("lib"))) {
                throw new IllegalStateException("no " + target.resolve("lib") + "; run mvn package for twinhub-server");
            }
            return jar + ":" + target.resolve("lib") + "/*";
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + target + ": " + e.getMessage()
                    + "; build twinhub-server first", e);
        }
    }
}
