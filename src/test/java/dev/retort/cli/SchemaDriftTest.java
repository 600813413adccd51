package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --schema}: hand-made changes to a migrated database are found and named, on SQLite
 * (a temporary scratch file) and PostgreSQL (a temporary scratch database, or --scratch-url).
 */
class SchemaDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL"
            + " DEFAULT 'x');\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id),"
            + " title varchar(100));\nCREATE INDEX ix_posts_user ON posts (user_id);";

    @TempDir
    Path tmp;

    private interface Db {
        Cli cli();

        Connection connect() throws SQLException;
    }

    private Db sqlite() throws IOException {
        Path db = tmp.resolve("app.db");
        Cli cli = new Cli(db, revisions());
        return new Db() {
            public Cli cli() {
                return cli;
            }

            public Connection connect() throws SQLException {
                return DriverManager.getConnection("jdbc:sqlite:" + db);
            }
        };
    }

    private Db postgres() throws IOException {
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, revisions());
        return new Db() {
            public Cli cli() {
                return cli;
            }

            public Connection connect() throws SQLException {
                return PgFixture.connect(url);
            }
        };
    }

    private Path revisions() throws IOException {
        Path dir = tmp.resolve("revisions");
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("a_schema.sql"), "-- schema\n--\n-- Revision ID: a\n-- Revises:\n\n"
                    + "-- retort:upgrade\n" + SCHEMA + "\n");
        }
        return dir;
    }

    /** Migrates, changes the schema by hand, and returns check --schema's result. */
    private static Cli.Result drifted(Db db, String... sql) throws SQLException {
        db.cli().ok("upgrade", "head");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
        return db.cli().run("check", "--schema");
    }

    private static void assertDrift(Cli.Result r, String line) {
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Schema differs from what the applied revisions produce (1):\n  " + line + "\n"),
                r.out());
    }

    /** SQLite can't alter a column or drop a key: the table is rebuilt by hand with the change. */
    private static String[] rebuildPosts(String definition) {
        return new String[] {"PRAGMA foreign_keys = OFF", "CREATE TABLE posts_new " + definition,
                "INSERT INTO posts_new SELECT * FROM posts", "DROP TABLE posts", "ALTER TABLE posts_new RENAME TO posts",
                "CREATE INDEX ix_posts_user ON posts (user_id)"};
    }

    @Test
    void untouchedDatabaseMatchesOnBoth() throws Exception {
        for (Db db : List.of(sqlite(), postgres())) {
            db.cli().ok("upgrade", "head");
            Cli.Result r = db.cli().run("check", "--schema");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().endsWith("Schema matches what the applied revisions produce\n"), r.out());
            JsonNode doc = JSON.readTree(db.cli().run("check", "--schema", "--json").out());
            assertEquals(0, doc.get("drift").size());
            assertEquals(0, doc.get("exit_code").asInt());
        }
    }

    /** retort's own tables are left out whatever their shape, also under a name with capitals (SQLite: any case). */
    @Test
    void ownTablesWithCapitalsAreLeftOutOnSqlite() throws Exception {
        Db db = sqlite();
        db.cli().ok("--version-table", "Ver Sion", "upgrade", "head");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // as in a database Alembic migrated before: no history table
            st.execute("DROP TABLE \"Ver Sion_history\"");
        }
        Cli.Result r = db.cli().run("--version-table", "Ver Sion", "check", "--schema");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("Schema matches what the applied revisions produce\n"), r.out());
    }

    /** The version table in a schema of its own, made by hand: the scratch database gets that schema too. */
    @Test
    void aVersionTableInItsOwnSchemaMatches() throws Exception {
        Db db = postgres();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA migrations");
        }
        db.cli().ok("--version-table-schema", "migrations", "upgrade", "head");
        Cli.Result r = db.cli().run("--version-table-schema", "migrations", "check", "--schema");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("Schema matches what the applied revisions produce\n"), r.out());
    }

    @Test
    void addedColumn() throws Exception {
        assertDrift(drifted(sqlite(), "ALTER TABLE users ADD COLUMN age integer"),
                "extra column users.age: expected nothing, found INTEGER");
        assertDrift(drifted(postgres(), "ALTER TABLE users ADD COLUMN age integer"),
                "extra column users.age: expected nothing, found integer");
    }

    @Test
    void droppedIndex() throws Exception {
        assertDrift(drifted(sqlite(), "DROP INDEX ix_posts_user"), "missing index ix_posts_user: expected CREATE INDEX"
                + " ix_posts_user ON posts (user_id), found nothing");
        assertDrift(drifted(postgres(), "DROP INDEX ix_posts_user"), "missing index ix_posts_user: expected CREATE INDEX"
                + " ix_posts_user ON public.posts USING btree (user_id), found nothing");
    }

    @Test
    void changedType() throws Exception {
        assertDrift(drifted(sqlite(), rebuildPosts("(id integer PRIMARY KEY, user_id integer REFERENCES users (id),"
                + " title text)")), "changed column posts.title: expected varchar(100), found TEXT");
        assertDrift(drifted(postgres(), "ALTER TABLE posts ALTER COLUMN title TYPE text"),
                "changed column posts.title: expected character varying(100), found text");
    }

    @Test
    void extraTable() throws Exception {
        assertDrift(drifted(sqlite(), "CREATE TABLE notes (id integer, body text)"),
                "extra table notes: expected nothing, found (id INTEGER, body TEXT)");
        assertDrift(drifted(postgres(), "CREATE TABLE notes (id integer, body text)"),
                "extra table notes: expected nothing, found (id integer, body text)");
    }

    @Test
    void changedDefault() throws Exception {
        assertDrift(drifted(sqlite(), "PRAGMA foreign_keys = OFF", "CREATE TABLE users_new (id integer PRIMARY KEY,"
                + " name varchar(50) NOT NULL DEFAULT 'y')", "INSERT INTO users_new SELECT * FROM users",
                "DROP TABLE users", "ALTER TABLE users_new RENAME TO users"),
                "changed column users.name: expected varchar(50) NOT NULL DEFAULT 'x', found varchar(50) NOT NULL"
                        + " DEFAULT 'y'");
        assertDrift(drifted(postgres(), "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'y'"),
                "changed column users.name: expected character varying(50) NOT NULL DEFAULT 'x'::character varying,"
                        + " found character varying(50) NOT NULL DEFAULT 'y'::character varying");
    }

    @Test
    void droppedForeignKey() throws Exception {
        assertDrift(drifted(sqlite(), rebuildPosts("(id integer PRIMARY KEY, user_id integer, title varchar(100))")),
                "missing foreign_key posts(user_id) -> users(id): expected FOREIGN KEY (user_id) REFERENCES users(id)"
                        + " ON UPDATE NO ACTION ON DELETE NO ACTION, found nothing");
        Cli.Result r = drifted(postgres(), "ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey");
        assertDrift(r, "missing foreign_key posts.posts_user_id_fkey: expected FOREIGN KEY (user_id) REFERENCES"
                + " users(id), found nothing");
    }

    /** PostgreSQL prints a view's definition on several lines: the difference stays on one. */
    @Test
    void aViewMadeByHandIsOneLine() throws Exception {
        assertDrift(drifted(postgres(), "CREATE VIEW named AS SELECT 1 AS one, 2 AS two"),
                "extra view named: expected nothing, found SELECT 1 AS one, 2 AS two;");
    }

    @Test
    void jsonListsEachDifference() throws Exception {
        Db db = postgres();
        drifted(db, "ALTER TABLE users ADD COLUMN age integer", "DROP INDEX ix_posts_user");
        Cli.Result r = db.cli().run("check", "--schema", "--json");
        assertEquals(4, r.exit());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(4, doc.get("exit_code").asInt());
        assertEquals("schema_drift", doc.get("status").asText(), "as exit 4 says, not the version table's up_to_date");
        JsonNode d = doc.get("drift");
        assertEquals(2, d.size());
        assertEquals("extra", d.get(0).get("change").asText());
        assertEquals("column", d.get(0).get("kind").asText());
        assertEquals("users.age", d.get(0).get("name").asText());
        assertTrue(d.get(0).get("expected").isNull());
        assertEquals("integer", d.get(0).get("found").asText());
        assertEquals("missing", d.get(1).get("change").asText());
        assertEquals("index", d.get(1).get("kind").asText());
    }

    @Test
    void scratchUrlIsUsedAndMustBeEmpty() throws Exception {
        Db db = postgres();
        db.cli().ok("upgrade", "head");
        String scratch = PgFixture.newDatabase();
        Cli.Result r = db.cli().run("check", "--schema", "--scratch-url", scratch);
        assertEquals(0, r.exit(), r.out() + r.err());
        Cli.Result again = db.cli().run("check", "--schema", "--scratch-url", scratch);
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains("is not empty; give an empty database") && again.err().contains(
                "drop and create it again before each check, or leave --scratch-url out"), again.err());
    }

    @Test
    void aRoleThatMayNotCreateDatabasesIsToldToGiveAScratchUrl() throws Exception {
        String url = PgFixture.newDatabase();
        String role = "drift_nocreate_" + ProcessHandle.current().pid();
        try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'secret-pw' NOCREATEDB");
            st.execute("GRANT ALL ON SCHEMA public TO " + role);
        }
        // the same database, as the new role
        String asRole = url.replaceFirst("postgresql://[^@]*@", "postgresql://" + role + ":secret-pw@");
        Cli cli = new Cli(asRole, revisions());
        cli.ok("upgrade", "head");
        Cli.Result r = cli.run("check", "--schema");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("The role may not create databases (it needs CREATEDB). Give --scratch-url URL of"
                + " an empty database instead."), r.err());
        assertTrue(!r.err().contains("secret-pw") && !r.out().contains("secret-pw"), "no password in any output");
    }

    /** A revision that ran only because of a fix by hand: the replay fails on the scratch database, and says so. */
    /** ?currentSchema=app, the schema made by hand: the temporary scratch database gets it too. */
    @Test
    void anApplicationInASchemaOfItsOwnOnTheSearchPathMatches() throws Exception {
        String url = PgFixture.newDatabase();
        try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA app");
        }
        Cli cli = new Cli(url + (url.contains("?") ? "&" : "?") + "currentSchema=app", revisions());
        cli.ok("upgrade", "head");
        Cli.Result r = cli.run("check", "--schema");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("Schema matches what the applied revisions produce\n"), r.out());
        try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE app.users ADD COLUMN nickname text");
        }
        assertEquals(4, cli.run("check", "--schema").exit());
    }

    @Test
    void aRevisionThatFailsOnTheScratchDatabaseIsNotReportedAsTheUsersDatabase() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data-dependent"));
        Cli.revision(dir, "a", "", "CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT);\n"
                + "INSERT INTO u VALUES (1, NULL);", "DROP TABLE u;");
        Cli.revision(dir, "b", "a", "CREATE TABLE u2 (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
                + "INSERT INTO u2 SELECT id, email FROM u;", "DROP TABLE u2;");
        for (String url : List.of("sqlite:///" + tmp.resolve("d.db"), PgFixture.newDatabase())) {
            Cli cli = new Cli(url, dir);
            cli.ok("upgrade", "a");
            try (Connection c = url.startsWith("sqlite") ? DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("d.db"))
                    : PgFixture.connect(url); Statement st = c.createStatement()) {
                st.execute("UPDATE u SET email = 'x@example.com'");    // fixed by hand before b ran
            }
            cli.ok("upgrade", "head");
            Cli.Result r = cli.run("check", "--schema");
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("The drift check could not build the expected schema: replaying the revisions"
                    + " up to b on the scratch database") && r.err().contains("itself was not changed"), r.err());
            if (!url.startsWith("sqlite")) {
                assertTrue(r.err().matches("(?s).*on the scratch database retort_scratch_[0-9a-f]+ \\(a temporary database"
                        + " on the server of postgresql://.*"), r.err());
            }
            assertEquals("b (head)\n", cli.ok("current"));
        }
    }

    @Test
    void pythonRevisionsCantBeBuilt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(dir.resolve("a_py.py"), "\"\"\"py\"\"\"\nrevision = 'a'\ndown_revision = None\n");
        Cli cli = new Cli(tmp.resolve("py.db"), dir);
        cli.ok("stamp", "head");
        Cli.Result r = cli.run("check", "--schema");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("The drift check needs SQL or portable revisions: revision a ("), r.err());
    }
}
