package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy roles on PostgreSQL with less than the owner's rights. A version table the role may not
 * read is an error, not a database at base (so a pipeline's {@code check} does not call it
 * pending), and a role with the data privileges a revision needs runs it without CREATE on the
 * schema (retort's history table exists already).
 */
class DeployRoleTest {
    @TempDir
    Path tmp;

    private static String role(String url, String name, String... grants) throws Exception {
        String role = name + "_" + ProcessHandle.current().pid();
        try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Deploy-pw1'");
            for (String g : grants) {
                st.execute(g.replace("ROLE", role));
            }
        }
        return url.replaceFirst("postgresql://[^@]*@", "postgresql://" + role + ":Deploy-pw1@");
    }

    private Path revisions() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a", "", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n"
                + "INSERT INTO accounts VALUES (1, 0);", "DROP TABLE accounts;");
        Cli.revision(dir, "b", "a", "UPDATE accounts SET n = n + 1;", "UPDATE accounts SET n = n - 1;");
        return dir;
    }

    @Test
    void aVersionTableTheRoleMayNotReadIsAnErrorNotBase() throws Exception {
        String url = PgFixture.newDatabase();
        Path dir = revisions();
        new Cli(url, dir).ok("upgrade", "a");
        Cli cli = new Cli(role(url, "deploy_noread", "GRANT CONNECT ON DATABASE " + url.replaceAll(".*/", "")
                + " TO ROLE"), dir);
        for (String[] command : new String[][] {{"current"}, {"check"}, {"upgrade", "head"}}) {
            Cli.Result r = cli.run(command);
            assertEquals(1, r.exit(), String.join(" ", command) + ": " + r.out() + r.err());
            assertTrue(r.err().contains("permission denied for table alembic_version"), r.err());
            assertTrue(!r.err().contains("at base"), r.err());
        }
        assertEquals("a\n", new Cli(url, dir).ok("current"), "the owner sees it as it is");
    }

    @Test
    void aRoleWithTheDataPrivilegesRunsARevisionWithoutCreateOnTheSchema() throws Exception {
        String url = PgFixture.newDatabase();
        Path dir = revisions();
        new Cli(url, dir).ok("upgrade", "a");
        Cli cli = new Cli(role(url, "deploy_dml",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON alembic_version, retort_history, accounts TO ROLE",
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ROLE"), dir);
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(0, r.exit(), r.err());
        assertEquals("b (head)\n", cli.ok("current"));
    }

    @Test
    void aVersionTableSchemaThatDoesNotExistIsNamed() throws Exception {
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, revisions());
        for (String[] command : new String[][] {{"current"}, {"check"}, {"upgrade", "head"}}) {
            String[] args = new String[command.length + 2];
            args[0] = "--version-table-schema";
            args[1] = "nosuch";
            System.arraycopy(command, 0, args, 2, command.length);
            Cli.Result r = cli.run(args);
            assertEquals(1, r.exit(), String.join(" ", command) + ": " + r.out() + r.err());
            assertTrue(r.err().contains("The version table's schema 'nosuch' does not exist"), r.err());
        }
    }
}
