package io.twinhub.server.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, from the Maven metadata in the jar ("dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/io.twinhub/twinhub-server/pom.properties";

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException ignored) {
            // fall through
        }
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"twinhub " + current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
