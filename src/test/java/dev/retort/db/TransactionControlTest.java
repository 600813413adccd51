package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revision run in a transaction may not begin or end one: a COMMIT in it made the statements
 * before it stay when a later one failed, while the error said the revision was rolled back.
 */
class TransactionControlTest {
    @TempDir
    Path tmp;

    @Test
    void aCommitInARevisionIsRefusedBeforeAnythingRuns() throws Exception {
        for (String url : List.of("sqlite:///" + tmp.resolve("app.db"), PgFixture.newDatabase())) {
            Path dir = Files.createTempDirectory(tmp, "rev");
            Cli.revision(dir, "a1", "", "CREATE TABLE ok (id INTEGER);", "DROP TABLE ok;");
            Cli.revision(dir, "b2", "a1", "CREATE TABLE c1 (id INTEGER);\n-- done\ncommit ;\n"
                    + "CREATE TABLE c2 (id INTEGER);\nINSERT INTO nope VALUES (1);", "DROP TABLE c1;");
            Cli cli = new Cli(url, dir);
            Cli.Result r = cli.run("upgrade", "head");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("Revision b2 (" + dir.resolve("b2_x.sql") + ", line 9): COMMIT begins or ends"
                    + " a transaction") && r.err().contains("Nothing was changed."), url + ": " + r.err());
            assertEquals("", cli.ok("current"), "not even a1 ran: " + url);
            assertEquals("", cli.ok("history", "--applied").strip(), url);
            Cli.Result lint = cli.run("lint");     // the pipeline's check before the deploy says the same
            assertEquals(1, lint.exit(), lint.out() + lint.err());
            assertTrue(lint.err().contains("Revision b2 (" + dir.resolve("b2_x.sql") + ", line 9): COMMIT begins or"
                    + " ends a transaction"), lint.err());
        }
    }

    @Test
    void savepointsAndWordsThatOnlyLookLikeItRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a1", "", "CREATE TABLE t (id INTEGER, note TEXT);\nSAVEPOINT s1;\n"
                + "INSERT INTO t VALUES (1, 'begin; commit');\nROLLBACK TO SAVEPOINT s1;\nRELEASE SAVEPOINT s1;\n"
                + "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET note = 'end' WHERE id = NEW.id; END;",
                "DROP TABLE t;");
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        assertEquals(0, cli.run("upgrade", "head").exit());
        assertEquals("a1 (head)\n", cli.ok("current"));
    }

    /** A single-transaction run can't hold a revision that runs outside a transaction: refused before anything runs. */
    @Test
    void aSingleTransactionRunWithARevisionOutsideATransactionIsRefused() throws Exception {
        for (String url : List.of("sqlite:///" + tmp.resolve("single.db"), PgFixture.newDatabase())) {
            Path dir = Files.createTempDirectory(tmp, "rev");
            Cli.revision(dir, "a1", "", "CREATE TABLE customers (id INTEGER);", "DROP TABLE customers;");
            Files.writeString(dir.resolve("b2_x.sql"), "-- b2\n--\n-- Revision ID: b2\n-- Revises: a1\n"
                    + "-- Transactional: false\n\n-- retort:upgrade\nCREATE TABLE t1 (id INTEGER);\n");
            Cli.revision(dir, "c3", "b2", "INSERT INTO no_such_table VALUES (1);", "");
            Cli cli = new Cli(url, dir);
            Cli.Result r = cli.run("--single-transaction", "upgrade", "head");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("Revision b2 (" + dir.resolve("b2_x.sql") + ") must run outside a transaction")
                    && r.err().contains("Nothing was changed."), url + ": " + r.err());
            assertEquals("", cli.ok("current"), url);
            assertEquals(0, cli.run("--single-transaction", "upgrade", "a1").exit(), "up to the revision before it");
        }
    }
}
