package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way a release pipeline uses retort: scripts/migrate.sh and scripts/check-status.sh as
 * subprocesses on a temporary project (runs after {@code mvn package}, so the jar is there).
 */
class ScriptsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path project;

    record Result(int exit, String out, String err) {
    }

    private Result script(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        pb.environment().remove("DATABASE_URL");
        Path out = project.resolve("out.txt");
        Path err = project.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void revision(String id, String down, String sql) throws IOException {
        Files.writeString(project.resolve("revisions").resolve(id + "_rev.sql"), "-- rev " + id + "\n--\n-- Revision ID: "
                + id + "\n-- Revises: " + down + "\n\n-- retort:upgrade\n" + sql + "\n\n-- retort:downgrade\n");
    }

    @Test
    void aPipelineMigratesThenGatesOnCheckStatus() throws Exception {
        Files.createDirectories(project.resolve("revisions"));
        revision("aaaa", "", "CREATE TABLE a (x INTEGER);");
        revision("bbbb", "aaaa", "CREATE TABLE b (x INTEGER);");

        Result none = script("check-status.sh");
        assertEquals(7, none.exit(), none.err());
        assertTrue(none.out().startsWith("no SQLite database at " + project.resolve("data/retort.db")), none.out());
        assertTrue(!Files.exists(project.resolve("data")), "check creates no database (only upgrade and stamp do)");

        Result up = script("migrate.sh", "upgrade", "head");
        assertEquals(0, up.exit(), up.err());
        assertTrue(up.err().contains("Running upgrade aaaa -> bbbb, rev bbbb"), up.err());
        assertTrue(Files.exists(project.resolve("data/retort.db")), "the default database, relative to the cwd");
        assertEquals("bbbb (head)\n", script("migrate.sh", "current").out());

        Result ok = script("check-status.sh");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertEquals("Database is up to date: bbbb (head)\n", ok.out());

        revision("cccc", "bbbb", "CREATE TABLE c (x INTEGER);");
        Result newOne = script("check-status.sh", "--json");
        assertEquals(3, newOne.exit());
        assertTrue(newOne.out().contains("\"status\" : \"pending\""), newOne.out());

        revision("bbbb", "aaaa", "CREATE TABLE b (x INTEGER, y TEXT);");
        Result edited = script("check-status.sh");
        assertEquals(4, edited.exit());
        assertTrue(edited.out().contains("revision bbbb (") && edited.out().contains("was changed after it was applied"),
                edited.out());

        Result bad = script("migrate.sh", "--url", "mysql://u:secret@h/db", "current");
        assertEquals(2, bad.exit());
        assertTrue(!bad.err().contains("secret") && bad.err().startsWith("FAILED: "), bad.err());
    }

    @Test
    void theJarKnowsItsVersion() throws Exception {
        Result version = script("migrate.sh", "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().matches("retort \\d+\\.\\d+\\.\\d+\\S*\n"), version.out());
    }
}
