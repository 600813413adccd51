package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.Planner;
import dev.retort.graph.RevisionMap;
import dev.retort.graph.Target;
import dev.retort.script.ScriptDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan run inside the caller's transaction (as {@code copy} runs it), on a real SQLite file. */
class PlanInTransactionTest {
    @TempDir
    Path tmp;

    private static String rev(String id, String down, String header, String up) {
        return "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + down + "\n" + header
                + "\n-- retort:upgrade\n" + up + "\n\n-- retort:downgrade\n";
    }

    private Plan plan(String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("rev"));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        RevisionMap map = new RevisionMap(ScriptDirectory.load(List.of(dir)));
        return Planner.upgrade(map, List.of(), Target.of("heads"));
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("db.sqlite"));
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                + " ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static final VersionTable TABLE = new VersionTable("alembic_version", null, Dialect.SQLITE);

    @Test
    void statementsAndRowChangesRunInTheCallersTransaction() throws Exception {
        Plan plan = plan("a.sql", rev("a", "", "", "CREATE TABLE t (id INTEGER);"),
                "b.sql", rev("b", "a", "", "INSERT INTO t VALUES (1);"));
        List<String> log = new ArrayList<>();
        try (Connection c = connect()) {
            PlanInTransaction.run(c, plan, TABLE, log::add);
            assertEquals(List.of("b"), TABLE.readRows(c));
            c.rollback();      // the caller decides: nothing was committed
            assertEquals(List.of(), tables(c));
        }
        assertEquals(List.of("Running upgrade  -> a, rev a", "Running upgrade a -> b, rev b"), log);
    }

    @Test
    void aFailingStatementNamesItsRevisionFileAndLine() throws Exception {
        Plan plan = plan("a.sql", rev("a", "", "", "CREATE TABLE t (id INTEGER);\nINSERT INTO missing VALUES (1);"));
        try (Connection c = connect()) {
            RetortException e = assertThrows(RetortException.class,
                    () -> PlanInTransaction.run(c, plan, TABLE, l -> { }));
            assertTrue(e.getMessage().startsWith("Revision a (" + tmp.resolve("rev").resolve("a.sql") + ", line 8)"
                    + " failed on the target: "), e.getMessage());
            assertTrue(e.getMessage().contains("no such table: missing"), e.getMessage());
            assertTrue(e.getCause() instanceof SQLException && !(e.getCause() instanceof StepSql.StatementFailed),
                    "the database's own exception is the cause");
        }
    }

    @Test
    void aStepThatMustRunOutsideATransactionIsRefusedBeforeAnythingRuns() throws Exception {
        Plan plan = plan("a.sql", rev("a", "", "", "CREATE TABLE t (id INTEGER);"),
                "b.sql", rev("b", "a", "-- Transactional: false", "INSERT INTO t VALUES (1);"));
        try (Connection c = connect()) {
            RetortException e = assertThrows(RetortException.class,
                    () -> PlanInTransaction.run(c, plan, TABLE, l -> { }));
            assertTrue(e.getMessage().startsWith("Revision b (" + tmp.resolve("rev").resolve("b.sql") + ") must run"
                    + " outside a transaction"), e.getMessage());
            assertFalse(tables(c).contains("t"));
            assertEquals(List.of(), tables(c));
        }
    }
}
