package io.twinhub.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --verbose}, mixed into commands: stack traces on errors and debug logging. */
public final class VerboseOption {

    private boolean enabled;

    @Option(names = "--verbose", description = "Show stack traces on errors and log at DEBUG.")
    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        if (enabled && LoggerFactory.getLogger("io.twinhub") instanceof Logger logger) {
            logger.setLevel(Level.DEBUG);
        }
    }

    public boolean enabled() {
        return enabled;
    }
}
