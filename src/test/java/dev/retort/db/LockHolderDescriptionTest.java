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

                List<String> asViewer = DdlLocks.blockers(seen, Set.of("t"));
                assertEquals(1, asViewer.size(), asViewer.toString());
                assertTrue(asViewer.get(0).matches("pid \\d+ \\(a session of role '" + holder + "', whose application,"
                        + " state and query only that role, a superuser or a member of pg_read_all_stats can see\\)"),
                        asViewer.get(0));

                String asAdmin = String.join("; ", DdlLocks.blockers(admin, Set.of("t")));
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
}
