package dev.retort.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The command line's java.util.logging set-up (the JDK's defaults, pgjdbc off): pgjdbc logs its own
 * warnings there, with the URL it was given, on stderr past retort's redaction, before retort
 * reports the same failure once. Named by {@code java.util.logging.config.class}, so it costs
 * nothing until a driver first logs; a user's own logging configuration is left as it is.
 */
public final class QuietDriverLogging {
    static final String CONFIG = "handlers=java.util.logging.ConsoleHandler\n.level=INFO\n"
            + "java.util.logging.ConsoleHandler.level=INFO\n"
            + "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter\n"
            + "org.postgresql.level=OFF\n";

    public QuietDriverLogging() throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)));
    }

    /** Called first in {@code main}, unless the user configured java.util.logging. */
    static void install() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            System.setProperty("java.util.logging.config.class", QuietDriverLogging.class.getName());
        }
    }
}
