package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped SQLite path: commands that only read say "no SQLite database at PATH" and create
 * neither the file nor its directory; only upgrade, downgrade and stamp create a database.
 */
class MissingSqliteDatabaseTest {
    @TempDir
    Path tmp;
    Path dir;
    Path missingDir;
    Path db;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a", "", "CREATE TABLE t (x INTEGER);", "DROP TABLE t;");
        missingDir = tmp.resolve("nonexist/dir");
        db = missingDir.resolve("x.db");
        cli = new Cli(db, dir);
    }

    private void nothingCreated(String command) {
        assertFalse(Files.exists(tmp.resolve("nonexist")), command + " created " + tmp.resolve("nonexist"));
    }

    @Test
    void currentWarnsOnStderrAndExitsZeroAsAlembic() throws Exception {
        Cli.Result r = cli.run("current");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("WARNING: no SQLite database at " + db + ";"), r.err());
        nothingCreated("current");
        Cli.Result json = cli.run("current", "--json");
        assertEquals(0, json.exit());
        assertEquals(0, new ObjectMapper().readTree(json.out()).get("heads_in_database").size());
        nothingCreated("current --json");
    }

    @Test
    void checkHasItsOwnExitCode() throws Exception {
        Cli.Result r = cli.run("check");
        assertEquals(7, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("no SQLite database at " + db + " (nothing was created)"), r.out());
        assertTrue(r.out().endsWith("; 'retort upgrade head' creates it and applies 1 revision(s)\n"), r.out());
        nothingCreated("check");
        Cli.revision(dir, "b", "", "CREATE TABLE u (x INTEGER);", "DROP TABLE u;");   // a second head
        Cli.Result two = cli.run("check");
        assertTrue(two.out().endsWith("; 'retort upgrade heads' creates it and applies 2 revision(s)\n"), two.out());
        Cli.Result json = cli.run("check", "--json");
        assertEquals(7, json.exit());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("no_database", doc.get("status").asText());
        assertEquals(7, doc.get("exit_code").asInt());
        nothingCreated("check --json");
        Cli.Result schema = cli.run("check", "--schema");
        assertEquals(7, schema.exit(), schema.out() + schema.err());
        nothingCreated("check --schema");
    }

    @Test
    void graphIndicatingCurrentShowsNothingAppliedAndCreatesNothing() {
        Cli.Result r = cli.run("graph", "-i", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no SQLite database at " + db), r.err());
        assertTrue(r.out().contains("\"applied\" : false") && !r.out().contains("\"applied\" : true"), r.out());
        nothingCreated("graph -i");
    }

    @Test
    void lintChecksEveryRevisionAsForAnEmptyDatabase() {
        Cli.Result r = cli.run("lint");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no SQLite database at " + db), r.err());
        nothingCreated("lint");
    }

    @Test
    void historyAndShowOfTheDatabaseCreateNothing() {
        Cli.Result indicate = cli.run("history", "-i");
        assertEquals(0, indicate.exit(), indicate.err());
        assertEquals("<base> -> a (head), rev a\n", indicate.out(), "nothing is marked current");
        assertTrue(indicate.err().contains("no SQLite database at " + db), indicate.err());
        Cli.Result applied = cli.run("history", "--applied");
        assertEquals(0, applied.exit(), applied.err());
        assertTrue(applied.err().contains("no SQLite database at " + db), applied.err());
        assertEquals(0, cli.run("history", "-r", "current:").exit());
        assertEquals(0, cli.run("show", "current").exit());
        nothingCreated("history / show");
    }

    @Test
    void copyFromAMissingFileCreatesNothing() {
        Cli.Result r = cli.run("copy", "--from", "sqlite:///" + db, "--to", "postgresql://x@localhost:1/db");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no SQLite database at " + db), r.err());
        nothingCreated("copy --from");
    }

    @Test
    void offlineAndFileCommandsTouchNoDatabase() {
        assertEquals(0, cli.run("upgrade", "head", "--sql").exit());
        assertEquals(0, cli.run("revision", "-m", "next").exit());
        assertEquals(0, cli.run("heads").exit());
        nothingCreated("--sql, revision, heads");
    }

    /** A writing command whose plan fails — before or in the run — creates no file either. */
    @Test
    void aWritingCommandThatCannotRunCreatesNothing() throws IOException {
        Files.writeString(dir.resolve("b_alembic.py"), "\"\"\"b\n\nRevision ID: b\nRevises: a\n\"\"\"\n"
                + "revision = 'b'\ndown_revision = 'a'\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
        for (String[] command : new String[][] {{"upgrade", "heads"}, {"upgrade", "nosuchrev"}, {"stamp", "nosuchrev"},
                {"downgrade", "-1"}}) {
            Cli.Result r = cli.run(command);
            assertTrue(r.exit() != 0, String.join(" ", command) + ": " + r.err());
            nothingCreated(String.join(" ", command));
        }
        assertTrue(cli.run("upgrade", "heads").err().contains("is an Alembic Python revision"));
    }

    /** Refusals of the statements themselves come before the file too, not only refusals of the plan. */
    @Test
    void aRevisionRefusedForItsStatementsCreatesNothing() throws IOException {
        Cli.revision(dir, "b", "a", "CREATE TABLE u (x INTEGER);\nCOMMIT;", "DROP TABLE u;");
        Cli.Result commit = cli.run("upgrade", "heads");
        assertEquals(1, commit.exit(), commit.err());
        assertTrue(commit.err().contains("b_x.sql, line 8): COMMIT"), commit.err());
        nothingCreated("upgrade heads with a COMMIT");

        Files.writeString(dir.resolve("b_x.sql"), "-- rev b\n--\n-- Revision ID: b\n-- Revises: a\n"
                + "-- Transactional: false\n\n-- retort:upgrade\nCREATE TABLE u (x INTEGER);\n");
        Cli.Result single = cli.run("--single-transaction", "upgrade", "heads");
        assertEquals(1, single.exit(), single.err());
        assertTrue(single.err().contains("must run outside a transaction"), single.err());
        nothingCreated("--single-transaction upgrade heads with a Transactional: false revision");

        assertEquals(0, cli.run("upgrade", "heads").exit(), "without the refusal the same run creates it");
        assertTrue(Files.isRegularFile(db));
    }

    @Test
    void aVersionTableSchemaOnSqliteIsAUsageErrorThatCreatesNothing() {
        for (String[] command : new String[][] {{"upgrade", "head"}, {"stamp", "a"}, {"downgrade", "base"},
                {"upgrade", "nosuchrev"}, {"current"}, {"check"}}) {
            List<String> args = new ArrayList<>(List.of("--version-table-schema", "meta"));
            args.addAll(List.of(command));
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("The version table schema 'meta' is for PostgreSQL"), r.err());
            nothingCreated(String.join(" ", command));
        }
        assertEquals(0, cli.run("upgrade", "head").exit());
        Cli.Result current = cli.run("--version-table-schema", "meta", "current");
        assertEquals(2, current.exit(), current.err());
        assertTrue(current.err().contains("Leave it out for SQLite"), current.err());
    }

    @Test
    void writingCommandsStillCreateTheDatabase() {
        assertEquals(0, cli.run("stamp", "a").exit());
        assertTrue(Files.isRegularFile(db), "stamp creates it");
        assertEquals("a (head)\n", cli.ok("current"));
        Cli other = new Cli(tmp.resolve("other/new.db"), dir);
        assertEquals(0, other.run("upgrade", "head").exit());
        assertEquals("a (head)\n", other.ok("current"));
        assertEquals(0, other.run("check").exit());
    }
}
