package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code retort --version} prints the version Maven built, as {@code alembic --version} does. */
class VersionOptionTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void printsTheProjectVersionAndExitsZero() throws Exception {
        Matcher m = Pattern.compile("<artifactId>retort</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        String[] r = run("--version");
        assertEquals("0", r[0], r[2]);
        assertEquals("retort " + m.group(1) + "\n", r[1]);
        assertEquals("", r[2]);
        assertEquals("retort " + m.group(1) + "\n", run("--url", "sqlite:///x.db", "--version")[1],
                "with other options");
    }

    @Test
    void versionTableOptionsStillWork() {
        String[] r = run("--url", "sqlite://", "--revisions", "/nonexistent-retort-dir", "--version-table", "v",
                "heads");
        assertTrue(r[2].contains("nonexistent-retort-dir"), "the revisions directory, not an option error: " + r[2]);
        assertEquals("2", run("--version-t", "v", "heads")[0], "a prefix of two options stays ambiguous");
    }
}
