package dev.retort.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** retort's version, from the resource Maven filters at build time ({@code dev/retort/version.properties}). */
final class Version {
    private Version() {
    }

    static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/dev/retort/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/retort/version.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
