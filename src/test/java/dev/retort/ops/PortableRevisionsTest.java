package dev.retort.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Portable revisions wherever a SQL revision goes: one directory (a .sql base, .yaml revisions)
 * upgraded and downgraded on SQLite and PostgreSQL, {@code --sql} on both (and the offline
 * rebuild error), {@code check}'s checksums, the audit history.
 */
class PortableRevisionsTest {
    @TempDir
    Path tmp;

    static final String BASE_SQL = """
            -- base
            --
            -- Revision ID: a00000000001
            -- Revises:

            -- retort:upgrade
            CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));
            INSERT INTO users (id, email) VALUES (1, 'a@example.org'), (2, 'b@example.org');

            -- retort:downgrade
            DROP TABLE users;
            """;

    static final String CREDITS = """
            message: Add user credits   # a comment
            revision: b00000000002
            revises: a00000000001
            upgrade:
              - create_table:
                  name: user_credits
                  columns:
                    - {name: id, type: integer, primary_key: true}
                    - {name: user_id, type: integer, nullable: false,
                       references: {table: users, column: id, on_delete: cascade}}
                    - {name: credits, type: "numeric(20,6)", nullable: false, server_default: 0}
                    - {name: active, type: boolean, nullable: false, server_default: true}
                  checks: [{name: ck_credits, condition: credits >= 0}]
              - create_index: {name: ix_user_credits_user_id, table: user_credits, columns: [user_id]}
              - bulk_insert: {table: user_credits, rows: [{user_id: 1, credits: 5}, {user_id: 2, credits: 7, active: false}]}
            downgrade:
              - drop_index: {name: ix_user_credits_user_id, table: user_credits}
              - drop_table: {name: user_credits}
            """;

    static final String ALTER = """
            message: Email required
            revision: c00000000003
            revises: b00000000002
            upgrade:
              - alter_column: {table: users, name: email, nullable: false, existing_nullable: true,
                               type: string(200), existing_type: string(100)}
              - add_column: {table: users, column: {name: nick, type: text}}
            """;

    Path project() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("a00000000001_base.sql"), BASE_SQL);
        Files.writeString(dir.resolve("b00000000002_add_user_credits.yaml"), CREDITS);
        Files.writeString(dir.resolve("c00000000003_email_required.yml"), ALTER);
        return dir;
    }

    @Test
    void upgradeAndDowngradeOnSqlite() throws Exception {
        Path dir = project();
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        String out = cli.ok("history");
        assertTrue(out.contains("b00000000002 -> c00000000003 (head), Email required"), out);
        cli.ok("upgrade", "head");
        String url = "jdbc:sqlite:" + tmp.resolve("app.db");
        assertEquals(List.of("1 5 1", "2 7 0"), query(url, "SELECT user_id || ' ' || credits || ' ' || active FROM user_credits ORDER BY id"));
        assertEquals(List.of("VARCHAR(200) 1", "TEXT 0"), query(url,
                "SELECT type || ' ' || \"notnull\" FROM pragma_table_info('users') WHERE name IN ('email', 'nick') ORDER BY cid"));
        cli.ok("downgrade", "a00000000001");
        assertEquals(List.of("VARCHAR(100) 0"), query(url,
                "SELECT type || ' ' || \"notnull\" FROM pragma_table_info('users') WHERE name <> 'id'"));
        assertEquals(List.of(), query(url, "SELECT name FROM sqlite_master WHERE name = 'user_credits'"));
        assertTrue(cli.ok("history", "--applied").contains("c00000000003"));
    }

    @Test
    void upgradeAndDowngradeOnPostgresql() throws Exception {
        Path dir = project();
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, dir);
        cli.ok("upgrade", "head");
        assertEquals(List.of("1 5.000000 true", "2 7.000000 false"), query(url,
                "SELECT user_id || ' ' || credits || ' ' || active FROM user_credits ORDER BY id"));
        assertEquals(List.of("nextval('user_credits_id_seq'::regclass)"), query(url,
                "SELECT column_default FROM information_schema.columns WHERE table_name = 'user_credits' AND column_name = 'id'"));
        assertEquals(List.of("character varying 200 NO"), query(url, "SELECT data_type || ' ' || character_maximum_length"
                + " || ' ' || is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'"));
        cli.ok("downgrade", "base");
        assertEquals(List.of(), query(url, "SELECT table_name FROM information_schema.tables WHERE table_name = 'users'"));
    }

    /**
     * {@code concurrently: true} runs only that statement outside the transaction (Alembic's
     * autocommit_block): what follows it rolls back with a failure, and the error says what stayed.
     */
    @Test
    void aConcurrentIndexRunsAloneOutsideTheTransaction() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("a00000000001_base.sql"), BASE_SQL);
        Files.writeString(dir.resolve("b00000000002_index.yaml"), """
                message: Index emails
                revision: b00000000002
                revises: a00000000001
                upgrade:
                  - add_column: {table: users, column: {name: nick, type: text}}
                  - create_index: {name: ix_users_email, table: users, columns: [email], concurrently: true}
                  - add_column: {table: users, column: {name: age, type: integer}}
                  - execute: {sql: "INSERT INTO users (id) VALUES (1)"}
                downgrade:
                  - drop_index: {name: ix_users_email, table: users}
                """);
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, dir);
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("b00000000002_index.yaml, line 8) failed"), r.err());
        assertTrue(r.err().contains("its statements committed before the failure stay applied (line(s) 5, 6)"), r.err());
        assertEquals(List.of("a00000000001"), query(url, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of("ix_users_email"), query(url, "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_users_email'"));
        assertEquals(List.of("id", "email", "nick"), query(url, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'users' ORDER BY ordinal_position"), "age rolled back with the failing INSERT");

        String sql = cli.ok("upgrade", "a00000000001:head", "--sql");
        assertTrue(sql.contains("ALTER TABLE users ADD COLUMN nick TEXT;\n\nCOMMIT;\n\n"
                + "CREATE INDEX CONCURRENTLY ix_users_email ON users (email);\n\nBEGIN;\n\n"
                + "ALTER TABLE users ADD COLUMN age INTEGER;"), sql);
    }

    @Test
    void offlineSqlOnBothDialectsAndTheRebuildError() throws Exception {
        Path dir = project();
        Cli pg = new Cli("postgresql://u@localhost/x", dir);
        String sql = pg.ok("upgrade", "a00000000001:head", "--sql");
        assertTrue(sql.contains("""
                CREATE TABLE user_credits (
                    id SERIAL NOT NULL,\s
                    user_id INTEGER NOT NULL,\s
                    credits NUMERIC(20, 6) DEFAULT 0 NOT NULL,\s
                    active BOOLEAN DEFAULT true NOT NULL,\s
                    PRIMARY KEY (id),\s
                    CONSTRAINT ck_credits CHECK (credits >= 0),\s
                    FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE cascade
                );
                """), sql);
        assertTrue(sql.contains("INSERT INTO user_credits (user_id, credits, active) VALUES (2, 7, false);"), sql);
        assertTrue(sql.contains("ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(200);\n\n"
                + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"), sql);
        Cli lite = new Cli(tmp.resolve("offline.db"), dir);
        assertTrue(lite.ok("upgrade", "a00000000001:b00000000002", "--sql").contains("DEFAULT (1) NOT NULL"));
        Cli.Result r = lite.run("upgrade", "b00000000002:head", "--sql");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("Revision c00000000003") && r.err().contains("the SQLite rebuild of table 'users'"
                + " for alter_column (line 5)") && r.err().contains("needs the live SQLite table"), r.err());
    }

    /**
     * A lone drop_column on SQLite (a rebuild step that, when nothing uses the column, is SQLite's own
     * ALTER TABLE ... DROP COLUMN) renders offline as that statement; the offline SQL, run on a copy
     * at the base, leaves the schema and version the online upgrade leaves.
     */
    @Test
    void aLoneDropColumnRendersOfflineAsItRunsOnline() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("drop"));
        Files.writeString(dir.resolve("a00000000001_base.sql"), BASE_SQL);
        Files.writeString(dir.resolve("d00000000004_drop_email.yaml"), """
                message: Drop email
                revision: d00000000004
                revises: a00000000001
                upgrade:
                  - drop_column: {table: users, name: email}
                downgrade:
                  - add_column: {table: users, column: {name: email, type: string(100)}}
                """);
        Cli online = new Cli(tmp.resolve("online.db"), dir);
        online.ok("upgrade", "head");
        Cli offline = new Cli(tmp.resolve("offline.db"), dir);
        offline.ok("upgrade", "a00000000001");
        String sql = offline.ok("upgrade", "a00000000001:head", "--sql");
        assertTrue(sql.contains("\nALTER TABLE users DROP COLUMN email;\n"), sql);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("offline.db"));
             java.sql.Statement st = c.createStatement()) {
            for (String statement : sql.split(";\n")) {
                if (!statement.replaceAll("(?m)^--.*$", "").isBlank()) {
                    st.execute(statement);
                }
            }
        }
        String schema = "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE name NOT LIKE 'retort%'"
                + " ORDER BY name";
        String version = "SELECT version_num FROM alembic_version";
        assertEquals(query("jdbc:sqlite:" + tmp.resolve("online.db"), schema),
                query("jdbc:sqlite:" + tmp.resolve("offline.db"), schema));
        assertEquals(List.of("d00000000004"), query("jdbc:sqlite:" + tmp.resolve("offline.db"), version));
        assertEquals(List.of("1", "2"), query("jdbc:sqlite:" + tmp.resolve("offline.db"), "SELECT id FROM users"));
    }

    @Test
    void checkDetectsAChangedOperationButNotWhitespaceOrComments() throws Exception {
        Path dir = project();
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        cli.ok("upgrade", "head");
        assertEquals(0, cli.run("check").exit());
        Path credits = dir.resolve("b00000000002_add_user_credits.yaml");
        Files.writeString(credits, CREDITS.replace("  - create_index: {name: ix_user_credits_user_id, table: user_credits,"
                + " columns: [user_id]}", "  # the index\n  - create_index:\n      name: ix_user_credits_user_id\n"
                + "      table: user_credits\n      columns: [user_id]   # one column\n") + "\n\n# end\n");
        Cli.Result same = cli.run("check");
        assertEquals(0, same.exit(), same.out() + same.err());
        Files.writeString(credits, CREDITS.replace("columns: [user_id]}", "columns: [user_id], unique: true}"));
        Cli.Result changed = cli.run("check");
        assertEquals(4, changed.exit(), changed.out() + changed.err());
        assertTrue((changed.out() + changed.err()).contains("b00000000002"), changed.out() + changed.err());
    }

    static List<String> query(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = url.startsWith("jdbc:sqlite") ? java.sql.DriverManager.getConnection(url) : PgFixture.connect(url);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
