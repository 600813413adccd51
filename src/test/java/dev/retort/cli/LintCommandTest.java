package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retort lint}: output lines, exit codes 0 / 6, JSON, ranges on a database, suppression in files. */
class LintCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void revisions() throws IOException {
        dir = Files.createDirectories(tmp.resolve("revisions"));
    }

    private void write(String id, String down, String up) throws IOException {
        Files.writeString(dir.resolve(id + "_rev.sql"), "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: "
                + down + "\n\n-- retort:upgrade\n" + up + "\n");
    }

    private Cli sqlite() {
        return new Cli(tmp.resolve("db.sqlite"), dir);
    }

    @Test
    void allWithoutDatabaseExits6WithOneLinePerFinding() throws IOException {
        write("a", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        write("b", "a", "ALTER TABLE users DROP COLUMN name;");
        // postgresql URL but no server: --all never connects
        Cli.Result r = new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all");
        assertEquals(6, r.exit(), r.err());
        Path b = dir.resolve("b_rev.sql");
        assertEquals(b + ":7: drop-column (error): DROP COLUMN users.name: the running code still reads or writes it"
                + " \u2014 stop reading and writing the column in the code, deploy that, and drop it in a later release\n",
                r.out());
        assertTrue(r.err().contains("2 revision(s), 2 statement(s) checked, 1 finding(s)"), r.err());
    }

    /**
     * A portable revision is checked as the statements it runs: on SQLite a rebuilt table's change
     * as the statement it stands for; {@code # retort:lint-ignore} before an operation turns rules off.
     */
    @Test
    void portableRevisionsAreCheckedAsTheirStatements() throws IOException {
        write("a", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);");
        Files.writeString(dir.resolve("b_drop.yaml"), """
                message: Drop name
                revision: b
                revises: a
                upgrade:
                  - drop_column: {table: users, name: name}
                  # retort:lint-ignore drop-column nothing reads email since 2.0
                  - drop_column: {table: users, name: email}
                  - create_index: {name: ix_users_id, table: users, columns: [id]}
                downgrade: []
                """);
        Path b = dir.resolve("b_drop.yaml");
        for (Cli cli : new Cli[] {new Cli("postgresql://nobody@127.0.0.1:1/none", dir), sqlite()}) {
            Cli.Result r = cli.run("lint", "--all");
            assertEquals(6, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith(b + ":5: drop-column (error): DROP COLUMN users.name:"), r.out());
            assertTrue(!r.out().contains("users.email"), r.out());
            assertTrue(r.err().contains("2 revision(s), 4 statement(s) checked"), r.err());
        }
        assertTrue(new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all").out()
                .contains(b + ":8: index-not-concurrent (warning)"));
    }

    @Test
    void cleanRevisionsExit0() throws IOException {
        write("a", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX ix ON users (name);");
        write("b", "a", "ALTER TABLE users ADD COLUMN plan TEXT NOT NULL DEFAULT 'free';");
        Cli.Result r = sqlite().run("lint", "--all");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
    }

    @Test
    void jsonDocument() throws IOException {
        write("a", "", "TRUNCATE users;\nFROBNICATE users;");
        Cli.Result r = new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all", "--json");
        assertEquals(6, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(1, doc.get("revisions_checked").asInt());
        assertEquals(2, doc.get("statements_checked").asInt());
        assertEquals(dir.resolve("a_rev.sql").toString(), doc.get("unparsed").get(0).get("file").asText());
        assertEquals(8, doc.get("unparsed").get(0).get("line").asInt());
        JsonNode f = doc.get("findings").get(0);
        assertEquals("a", f.get("revision").asText());
        assertEquals(7, f.get("line").asInt());
        assertEquals("truncate", f.get("rule").asText());
        assertEquals("error", f.get("severity").asText());
        assertEquals("TRUNCATE users", f.get("statement").asText());
        assertTrue(f.get("message").asText().startsWith("TRUNCATE users"));
        assertTrue(f.get("fix").asText().contains("DELETE"));
        assertTrue(r.err().contains(":8: lint could not parse this statement"), r.err());
    }

    @Test
    void suppressionCommentInAFileIsReadAndHonoured() throws IOException {
        write("a", "", "-- retort:lint-ignore drop-table the table was emptied and unused since 2.3\nDROP TABLE old;");
        Cli.Result r = new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(0, sqlite().run("history").exit(), "every command reads the file");
    }

    /**
     * A revision written for both dialects keeps its lint-ignore of a PostgreSQL lock rule: linted for
     * SQLite, where that rule never fires, it is not called unused (removing it would bring the
     * finding back on PostgreSQL); for PostgreSQL it does its work.
     */
    @Test
    void aLintIgnoreOfAPostgresRuleIsNotUnusedOnSqlite() throws IOException {
        write("a", "", "CREATE TABLE posts (id INTEGER, title TEXT);");
        Files.writeString(dir.resolve("b_ix.yaml"), """
                message: Index titles
                revision: b
                revises: a
                upgrade:
                  # retort:lint-ignore index-not-concurrent small table, 10 rows
                  - create_index: {name: ix_posts_title, table: posts, columns: [title]}
                """);
        Cli.Result onSqlite = sqlite().run("lint", "--all");
        assertEquals(0, onSqlite.exit(), onSqlite.out() + onSqlite.err());
        assertFalse(onSqlite.err().contains("suppresses nothing"), onSqlite.err());
        Cli.Result onPostgres = new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all");
        assertEquals(0, onPostgres.exit(), onPostgres.out() + onPostgres.err());
        assertFalse(onPostgres.out().contains("index-not-concurrent") || onPostgres.err().contains("suppresses nothing"),
                onPostgres.out() + onPostgres.err());
    }

    /**
     * A lint-ignore whose rule finds nothing in its statement (or portable operation) is a note, so it
     * can go before it hides a real finding of a later edit; the exit stays the findings'.
     */
    @Test
    void aLintIgnoreThatSuppressesNothingIsANote() throws IOException {
        write("a", "", "CREATE TABLE old (id INTEGER);");
        write("b", "a", "-- retort:lint-ignore drop-table,truncate emptied and unused since 2.3\nDROP TABLE old;");
        Files.writeString(dir.resolve("c_add.yaml"), """
                message: Add a column
                revision: c
                revises: b
                upgrade:
                  - create_table: {name: users, columns: [{name: id, type: integer}]}
                  # retort:lint-ignore drop-column left from an earlier version of this revision
                  - add_column: {table: users, column: {name: email, type: text}}
                downgrade: []
                """);
        Cli.Result r = new Cli("postgresql://nobody@127.0.0.1:1/none", dir).run("lint", "--all");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(dir.resolve("b_rev.sql") + ":7: lint-ignore truncate suppresses nothing in the"
                + " statement after it; remove it"), r.err());
        assertTrue(!r.err().contains("lint-ignore drop-table suppresses"), "that one did its work: " + r.err());
        assertTrue(r.err().contains(dir.resolve("c_add.yaml") + ":6: lint-ignore drop-column suppresses nothing"),
                r.err());
        JsonNode unused = JSON.readTree(new Cli("postgresql://nobody@127.0.0.1:1/none", dir)
                .run("lint", "--all", "--json").out()).get("unused_ignores");
        assertEquals(2, unused.size(), unused.toString());
        assertEquals("truncate", unused.get(0).get("rule").asText());
        assertEquals(7, unused.get(0).get("line").asInt());
    }

    @Test
    void suppressionCommentInTheHeaderIsAnError() throws IOException {
        Files.writeString(dir.resolve("a_rev.sql"), "-- rev a\n-- retort:lint-ignore drop-table why\n-- Revision ID: a\n"
                + "-- Revises:\n\n-- retort:upgrade\nDROP TABLE old;\n");
        Cli.Result r = sqlite().run("lint", "--all");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("a_rev.sql:2: '-- retort:lint-ignore' belongs on the line before a statement"),
                r.err());
    }

    @Test
    void onADatabaseOnlyThePendingRangeIsCheckedAndItsTablesAreNew() throws IOException {
        write("a", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        Cli cli = sqlite();
        cli.ok("upgrade", "head");
        write("b", "a", "CREATE TABLE t (id INTEGER, x TEXT);");
        write("c", "b", "ALTER TABLE t DROP COLUMN x;\nALTER TABLE users DROP COLUMN name;");
        Cli.Result r = cli.run("lint");
        assertEquals(6, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith(dir.resolve("c_rev.sql") + ":8: drop-column (error): DROP COLUMN users.name"),
                r.out());
        assertTrue(r.err().contains("2 revision(s)"), r.err());
        assertEquals(0, cli.run("lint", "b").exit(), "upgrade b runs only b");
    }

    @Test
    void onPostgresqlTheOldTypeComesFromTheCatalog() throws IOException {
        write("a", "", "CREATE TABLE t (id integer, name varchar(20));");
        Cli cli = new Cli(PgFixture.newDatabase(), dir);
        cli.ok("upgrade", "head");
        write("b", "a", "ALTER TABLE t ALTER COLUMN name TYPE varchar(40);\nALTER TABLE t ALTER COLUMN id TYPE bigint;");
        Cli.Result r = cli.run("lint", "--json");
        assertEquals(6, r.exit(), r.err());
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertEquals(2, findings.size(), r.out());
        for (JsonNode f : findings) {
            assertEquals(8, f.get("line").asInt(), "the widening of line 7 is not flagged");
        }
        assertEquals("change-column-type", findings.get(0).get("rule").asText());
        assertEquals("table-rewrite", findings.get(1).get("rule").asText());
        assertTrue(findings.get(1).get("message").asText().contains("was integer"), r.out());
    }

    @Test
    void allAndATargetTogetherIsUsage() throws IOException {
        write("a", "", "SELECT 1;");
        assertEquals(2, sqlite().run("lint", "--all", "head").exit());
    }
}
