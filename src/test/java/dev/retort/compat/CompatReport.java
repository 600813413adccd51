package dev.retort.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends full mismatch reports to {@code target/compat-report.txt} (failures show the first few). */
final class CompatReport {
    private static boolean started;

    private CompatReport() {
    }

    static Path file() {
        return Path.of("target", "compat-report.txt").toAbsolutePath();
    }

    static synchronized void append(String source, String text) {
        try {
            Files.createDirectories(file().getParent());
            if (!started) {
                Files.writeString(file(), "", StandardCharsets.UTF_8);
                started = true;
            }
            Files.writeString(file(), "##### " + source + "\n" + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not write " + file() + ": " + e);
        }
    }
}
