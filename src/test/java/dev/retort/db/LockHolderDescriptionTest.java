package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.testing.PgFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who holds the lock retort waits for, as its role can see it: a session of another role shows
 * only pid and role to a role without pg_read_all_stats, which is said, not printed as nulls.
 */
class LockHolderDescriptionTest {
    private static String jdbc(String url, String role) {
        String rest = url.replaceFirst("postgresql://[^@]*@", "");
        return "jdbc:postgresql://" + rest + (rest.contains("?") ? "&" : "?") + "user=" + role + "&password=Pw-1holder";
    }

    @Test
    void aSessionOfAnotherRoleIsNamedByItsRoleAndYourOwnRolesWithItsDetails() throws Exception {
        String url = PgFixture.newDatabase();
        long pid = ProcessHandle.current().pid();
        String holder = "lock_holder_" + pid;
        String viewer = "lock_viewer_" + pid;
        try (Connection admin = PgFixture.connect(url); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER)");
            for (String role : List.of(holder, viewer)) {
                st.execute("DROP ROLE IF EXISTS " + role);
                st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Pw-1holder'");
            }
            st.execute("GRANT SELECT ON t TO " + holder);
            try (Connection held = DriverManager.getConnection(jdbc(url, holder));
                 Connection seen = DriverManager.getConnection(jdbc(url, viewer));
                 Statement h = held.createStatement()) {
                h.execute("SET application_name = 'the-holder'");
                held.setAutoCommit(false);
                h.executeQuery("SELECT count(*) FROM t").close();   // ACCESS SHARE until the rollback

                List<String> asViewer = DdlLocks.blockers(seen, Set.of("t"), DdlLocks.LockNeed.ACCESS_EXCLUSIVE);
                assertEquals(1, asViewer.size(), asViewer.toString());
                assertTrue(asViewer.get(0).matches("pid \\d+ \\(a session of role '" + holder + "', whose application,"
                        + " state and query only that role, a superuser or a member of pg_read_all_stats can see\\)"),
                        asViewer.get(0));

                String asAdmin = String.join("; ", DdlLocks.blockers(admin, Set.of("t"), DdlLocks.LockNeed.ACCESS_EXCLUSIVE));
                assertTrue(asAdmin.contains("application_name 'the-holder', ") && asAdmin.contains(
                        "state 'idle in transaction', since ") && asAdmin.contains("query 'SELECT count(*) FROM t'"),
                        asAdmin);
                assertFalse(asAdmin.contains("null") || asAdmin.contains("?"), asAdmin);
                held.rollback();
            }
        } finally {
            try (Connection admin = PgFixture.connect(url); Statement st = admin.createStatement()) {
                st.execute("DROP TABLE t");
                st.execute("DROP ROLE " + holder);
                st.execute("DROP ROLE " + viewer);
            }
        }
    }

    /** An UPDATE that timed out is not held up by a reader: only the writer is named (a DDL names both). */
    @Test
    void aRowWriteIsHeldUpByWritersNotByReaders() throws Exception {
        assertEquals(DdlLocks.LockNeed.ROW_WRITE, DdlLocks.LockNeed.of("UPDATE users SET balance = balance + 1 WHERE id = 1"));
        assertEquals(DdlLocks.LockNeed.ROW_WRITE, DdlLocks.LockNeed.of("DELETE FROM users WHERE id = 1"));
        assertEquals(DdlLocks.LockNeed.ROW_WRITE, DdlLocks.LockNeed.of("INSERT INTO users (id) VALUES (1)"));
        assertEquals(DdlLocks.LockNeed.ACCESS_EXCLUSIVE, DdlLocks.LockNeed.of("ALTER TABLE users ADD COLUMN c int"));
        assertEquals(DdlLocks.LockNeed.ACCESS_EXCLUSIVE, DdlLocks.LockNeed.of("not sql at all"));
        String url = PgFixture.newDatabase();
        try (Connection admin = PgFixture.connect(url); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE users (id int PRIMARY KEY, balance int)");
            st.execute("INSERT INTO users VALUES (1, 0)");
            try (Connection reader = PgFixture.connect(url); Connection writer = PgFixture.connect(url);
                 Connection retort = PgFixture.connect(url);
                 Statement r = reader.createStatement(); Statement w = writer.createStatement()) {
                r.execute("SET application_name = 'innocent-reader'");
                w.execute("SET application_name = 'web-worker'");
                reader.setAutoCommit(false);
                writer.setAutoCommit(false);
                r.executeQuery("SELECT count(*) FROM users").close();
                w.executeUpdate("UPDATE users SET balance = 1 WHERE id = 1");

                String forUpdate = String.join("; ", DdlLocks.blockers(retort, Set.of("users"),
                        DdlLocks.LockNeed.ROW_WRITE));
                assertTrue(forUpdate.contains("'web-worker'") && !forUpdate.contains("innocent-reader"), forUpdate);
                String forDdl = String.join("; ", DdlLocks.blockers(retort, Set.of("users"),
                        DdlLocks.LockNeed.ACCESS_EXCLUSIVE));
                assertTrue(forDdl.contains("'web-worker'") && forDdl.contains("'innocent-reader'"), forDdl);
                reader.rollback();
                writer.rollback();
            }
        }
    }
}
