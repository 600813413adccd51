package dev.retort.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Dialect;
import dev.retort.api.LintResult;
import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import dev.retort.script.SqlSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rule flags its unsafe form and leaves the safe form alone. */
class LintRulesTest {
    /** A revision of upgrade SQL; "-- Transactional: false" as its first line makes it non-transactional. */
    private static Revision rev(int n, String sql) {
        boolean tx = !sql.startsWith("-- Transactional: false");
        return new Revision("r" + n, List.of(), List.of(), List.of(), "", "r" + n + ".sql", Path.of("r" + n + ".sql"),
                List.of(new SqlSection(null, sql, 10)), List.of(), tx, false);
    }

    /** The rule ids found, as "rule@file:line", checking the revisions as one range of a database. */
    private static List<String> range(Dialect d, int pgMajor, String... revisions) {
        return ids(run(d, pgMajor, false, revisions));
    }

    private static List<String> pg(String... revisions) {
        return range(Dialect.POSTGRESQL, 15, revisions);
    }

    private static LintResult run(Dialect d, int pgMajor, boolean all, String... revisions) {
        return run(d, pgMajor, Map.of(), all, revisions);
    }

    private static LintResult run(Dialect d, int pgMajor, Map<String, Map<String, String>> catalog, boolean all,
                                  String... revisions) {
        List<LintRevision> in = new ArrayList<>();
        for (int i = 0; i < revisions.length; i++) {
            in.add(SqlRevisions.of(rev(i + 1, revisions[i]), d));
        }
        return Linter.lint(in, List.of(), new Linter.Options(d, pgMajor, catalog, all));
    }

    @Test
    void aGuardedCreateOfATableThatExistsLeavesItATableWithData() {
        String sql = "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nALTER TABLE users DROP COLUMN prefs;";
        Map<String, Map<String, String>> catalog = Map.of("users", Map.of("id", "bigint", "prefs", "jsonb"));
        assertEquals(List.of("drop-column@r1.sql:11"), ids(run(Dialect.POSTGRESQL, 15, catalog, false, sql)));
        assertEquals(List.of("drop-column@r1.sql:11"), ids(run(Dialect.SQLITE, 15, catalog, false, sql)));
        assertEquals(List.of(), ids(run(Dialect.POSTGRESQL, 15, Map.of(), false, sql)), "not in the database: new");
        assertEquals(List.of("drop-column@r1.sql:11"), ids(run(Dialect.POSTGRESQL, 15, Map.of(), true, sql)),
                "--all reads no database: the guard says it may exist");
        assertEquals(List.of(), pg("CREATE TABLE t (id int, a int);",
                "CREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t DROP COLUMN a;"), "created earlier in the range");
    }

    @Test
    void anInlineUniqueOrPrimaryKeyOfANewColumnBuildsAnIndex() {
        assertEquals(List.of("unique-constraint-builds-index@r1.sql:10"),
                pg("ALTER TABLE orders ADD COLUMN c13 text UNIQUE;"));
        assertEquals(List.of("add-required-column@r1.sql:10", "unique-constraint-builds-index@r1.sql:10"),
                pg("ALTER TABLE orders ADD COLUMN c15 text PRIMARY KEY;"));
        assertEquals(List.of(), pg("ALTER TABLE orders ADD COLUMN c text DEFAULT 'unique, not null';"),
                "words inside a string are its value");
        assertEquals(List.of(), pg("CREATE TABLE t (id int);", "ALTER TABLE t ADD COLUMN c text UNIQUE;"));
    }

    private static List<String> ids(LintResult r) {
        return r.findings().stream().map(f -> f.rule() + "@" + f.file() + ":" + f.line()).toList();
    }

    @Test
    void dropTable() {
        assertEquals(List.of("drop-table@r1.sql:10"), pg("DROP TABLE users;"));
        assertEquals(List.of(), pg("CREATE TABLE t (id int);", "DROP TABLE t;"), "created in the range");
        assertEquals(List.of("drop-table@r1.sql:10"), range(Dialect.SQLITE, 11, "DROP TABLE users"));
    }

    @Test
    void dropColumn() {
        assertEquals(List.of("drop-column@r1.sql:10"), pg("ALTER TABLE users DROP COLUMN email;"));
        assertEquals(List.of(), pg("CREATE TABLE t (id int, a int);", "ALTER TABLE t DROP COLUMN a;"));
    }

    @Test
    void renameTableAndColumn() {
        assertEquals(List.of("rename-table@r1.sql:10"), pg("ALTER TABLE users RENAME TO people;"));
        assertEquals(List.of("rename-column@r1.sql:10"), pg("ALTER TABLE users RENAME COLUMN name TO full_name;"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;\nALTER TABLE u RENAME a TO b;"),
                "a new table stays new under its new name");
    }

    @Test
    void changeColumnTypeWithUnknownOldTypeIsReportedWithoutRewrite() {
        LintResult r = run(Dialect.POSTGRESQL, 15, false, "ALTER TABLE users ALTER COLUMN age TYPE bigint;");
        assertEquals(List.of("change-column-type@r1.sql:10"), ids(r));
        assertTrue(r.findings().get(0).message().contains("old type unknown"), r.findings().get(0).message());
    }

    @Test
    void changeColumnTypeThatRewritesIsTableRewriteToo() {
        // --all: the old type comes from the revision that created the table
        LintResult r = run(Dialect.POSTGRESQL, 15, true, "CREATE TABLE t (a integer, b varchar(20));",
                "ALTER TABLE t ALTER COLUMN a TYPE bigint;");
        assertEquals(List.of("change-column-type@r2.sql:10", "table-rewrite@r2.sql:10"), ids(r));
        assertTrue(r.findings().get(1).message().contains("was integer"), r.findings().get(1).message());
    }

    @Test
    void wideningTypeChangeIsSafe() {
        assertEquals(List.of(), ids(run(Dialect.POSTGRESQL, 15, true, "CREATE TABLE t (b varchar(20), n numeric(10,2));",
                "ALTER TABLE t ALTER COLUMN b TYPE varchar(50);\nALTER TABLE t ALTER COLUMN b TYPE text;\n"
                        + "ALTER TABLE t ALTER COLUMN n TYPE numeric(12,2);")));
        assertEquals(List.of("change-column-type@r2.sql:10", "table-rewrite@r2.sql:10"),
                ids(run(Dialect.POSTGRESQL, 15, true, "CREATE TABLE t (b varchar(20));",
                        "ALTER TABLE t ALTER COLUMN b TYPE varchar(10);")), "a narrowing rewrites");
    }

    @Test
    void addRequiredColumn() {
        assertEquals(List.of("add-required-column@r1.sql:10"), pg("ALTER TABLE users ADD COLUMN plan text NOT NULL;"));
        assertEquals(List.of(), pg("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';"));
        assertEquals(List.of(), pg("ALTER TABLE users ADD COLUMN plan text;"));
        assertEquals(List.of("add-required-column@r1.sql:10", "add-required-column@r1.sql:11"),
                pg("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT NULL;\n"
                        + "ALTER TABLE users ADD plan2 text DEFAULT (NULL::text) NOT NULL;"), "DEFAULT NULL is no default");
    }

    @Test
    void setNotNull() {
        assertEquals(List.of("set-not-null@r1.sql:10"), pg("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);", "ALTER TABLE t ALTER COLUMN a SET NOT NULL;"));
    }

    @Test
    void indexNotConcurrent() {
        assertEquals(List.of("index-not-concurrent@r1.sql:10"), pg("CREATE INDEX ix_a ON users (a);"));
        assertEquals(List.of(), pg("CREATE INDEX CONCURRENTLY ix_a ON users (a);"));
        assertEquals(List.of(), pg("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON users USING btree (a);"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);\nCREATE INDEX ix_t ON t (a);"), "a new table");
        assertEquals(List.of(), range(Dialect.SQLITE, 11, "CREATE INDEX ix_a ON users (a);"), "SQLite has no such lock");
    }

    @Test
    void dropIndexNotConcurrent() {
        assertEquals(List.of("drop-index-not-concurrent@r1.sql:10"), pg("DROP INDEX ix_a;"));
        assertEquals(List.of(), pg("DROP INDEX CONCURRENTLY ix_a;"));
        assertEquals(List.of(), pg("DROP INDEX CONCURRENTLY IF EXISTS public.ix_a;"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);\nCREATE INDEX ix_t ON t (a);", "DROP INDEX ix_t;"));
    }

    @Test
    void foreignKeyValidates() {
        assertEquals(List.of("foreign-key-validates@r1.sql:10"),
                pg("ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);"));
        assertEquals(List.of(), pg("ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)"
                + " NOT VALID;", "ALTER TABLE orders VALIDATE CONSTRAINT fk_user;"), "validated in a later revision");
        assertEquals(List.of("foreign-key-validates@r1.sql:11"),
                pg("ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
                        + "ALTER TABLE orders VALIDATE CONSTRAINT fk_user;"), "validated in the same transaction");
        assertEquals(List.of(), pg("-- Transactional: false\nALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY"
                + " (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk_user;"),
                "a revision outside a transaction commits the ADD first");
    }

    @Test
    void checkValidates() {
        assertEquals(List.of("check-validates@r1.sql:10"), pg("ALTER TABLE users ADD CONSTRAINT ck_age CHECK (age > 0);"));
        assertEquals(List.of(), pg("ALTER TABLE ONLY users ADD CONSTRAINT ck_age CHECK (age > 0) NOT VALID;",
                "ALTER TABLE users VALIDATE CONSTRAINT ck_age;"));
        assertEquals(List.of("check-validates@r1.sql:11"), pg("ALTER TABLE users ADD CONSTRAINT ck_age CHECK (age > 0)"
                + " NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT ck_age;"));
    }

    @Test
    void uniqueConstraintBuildsIndex() {
        assertEquals(List.of("unique-constraint-builds-index@r1.sql:10"),
                pg("ALTER TABLE users ADD CONSTRAINT uq_email UNIQUE (email);"));
        assertEquals(List.of("unique-constraint-builds-index@r1.sql:10"), pg("ALTER TABLE users ADD PRIMARY KEY (id);"));
        assertEquals(List.of(), pg("CREATE UNIQUE INDEX CONCURRENTLY ix_email ON users (email);",
                "ALTER TABLE users ADD CONSTRAINT uq_email UNIQUE USING INDEX ix_email;"));
    }

    @Test
    void tableRewrite() {
        assertEquals(List.of("table-rewrite@r1.sql:10"),
                pg("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"));
        assertEquals(List.of("table-rewrite@r1.sql:10"), pg("ALTER TABLE users ADD COLUMN n bigserial;"));
        LintResult identity = run(Dialect.POSTGRESQL, 15, false, "ALTER TABLE users ADD COLUMN n bigint GENERATED"
                + " ALWAYS AS IDENTITY;\nALTER TABLE users ADD COLUMN d int GENERATED ALWAYS AS (id * 2) STORED;");
        assertEquals(List.of("table-rewrite@r1.sql:10", "table-rewrite@r1.sql:11"), ids(identity));
        assertEquals("ADD COLUMN users.n GENERATED ALWAYS AS IDENTITY (computed per row) rewrites the table under an"
                + " ACCESS EXCLUSIVE lock", identity.findings().get(0).message());
        assertEquals(List.of(), pg("ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0;\n"
                + "ALTER TABLE users ADD COLUMN at timestamptz DEFAULT now();"), "constant defaults on PostgreSQL 11+");
        assertEquals(List.of("table-rewrite@r1.sql:10"),
                range(Dialect.POSTGRESQL, 10, "ALTER TABLE users ADD COLUMN n int DEFAULT 0;"), "PostgreSQL 10");
        assertEquals(List.of("table-rewrite@r1.sql:10", "table-rewrite@r1.sql:11"),
                pg("VACUUM FULL users;\nCLUSTER users USING ix_users;"));
        assertEquals(List.of(), pg("VACUUM (ANALYZE) users;"));
        LintResult storage = run(Dialect.POSTGRESQL, 15, false, "ALTER TABLE users SET TABLESPACE fast;\n"
                + "ALTER TABLE ONLY users SET LOGGED;\nALTER TABLE IF EXISTS users SET UNLOGGED;");
        assertEquals(List.of("table-rewrite@r1.sql:10", "table-rewrite@r1.sql:11", "table-rewrite@r1.sql:12"), ids(storage));
        assertEquals("ALTER TABLE users SET TABLESPACE rewrites under an ACCESS EXCLUSIVE lock: reads and writes wait"
                + " until it is done", storage.findings().get(0).message());
    }

    @Test
    void tableRewriteAdviceFitsItsCause() {
        LintResult r = run(Dialect.POSTGRESQL, 15, false, "ALTER TABLE users ADD COLUMN token uuid DEFAULT"
                + " gen_random_uuid();\nVACUUM FULL users;\nALTER TABLE users SET UNLOGGED;");
        List<String> fixes = r.findings().stream().map(LintResult.Finding::fix).toList();
        assertTrue(fixes.get(0).contains("let the code set the value for new rows"), fixes.get(0));
        assertTrue(fixes.get(1).startsWith("use pg_repack"), fixes.get(1));
        assertTrue(fixes.get(2).contains("new table with the wanted storage"), fixes.get(2));
        LintResult old = run(Dialect.POSTGRESQL, 10, false, "ALTER TABLE users ADD COLUMN n int DEFAULT 0;");
        assertTrue(old.findings().get(0).fix().contains("SET DEFAULT in a second statement"), old.findings().get(0).fix());
        LintResult type = run(Dialect.POSTGRESQL, 15, true, "CREATE TABLE t (a integer);",
                "ALTER TABLE t ALTER COLUMN a TYPE bigint;");
        LintResult.Finding rewrite = type.findings().get(1);
        assertTrue(rewrite.fix().startsWith("add a column of the new type"), rewrite.fix());
    }

    @Test
    void truncate() {
        assertEquals(List.of("truncate@r1.sql:10"), pg("TRUNCATE users;"));
        assertEquals(List.of("truncate@r1.sql:10"), pg("TRUNCATE TABLE users RESTART IDENTITY;"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);\nTRUNCATE t;"));
    }

    @Test
    void writesToEveryRow() {
        assertEquals(List.of("delete-all-rows@r1.sql:10", "update-all-rows@r1.sql:11"),
                pg("DELETE FROM users;\nUPDATE users SET plan = 'free';"));
        assertEquals(List.of("update-all-rows@r1.sql:10"), range(Dialect.SQLITE, 15, "UPDATE users SET plan = 'free';"));
        assertEquals(List.of(), pg("DELETE FROM users WHERE id < 100;\nUPDATE users SET plan = 'free' WHERE id < 100;"));
        assertEquals(List.of(), pg("CREATE TABLE t (a int);\nUPDATE t SET a = 1;\nDELETE FROM t;"), "a new table");
    }

    @Test
    void allModeTakesOnlyTheSameRevisionsTablesAsNew() {
        String create = "CREATE TABLE t (id int, a int);";
        String drop = "ALTER TABLE t DROP COLUMN a;";
        assertEquals(List.of(), ids(run(Dialect.POSTGRESQL, 11, false, create, drop)));
        assertEquals(List.of("drop-column@r2.sql:10"), ids(run(Dialect.POSTGRESQL, 11, true, create, drop)));
        assertEquals(List.of(), ids(run(Dialect.POSTGRESQL, 11, true, create + "\n" + drop)));
    }

    @Test
    void unparsedStatementsAreListedNotGuessed() {
        LintResult r = run(Dialect.POSTGRESQL, 15, false, "FROBNICATE users;\nDROP TABLE users;");
        assertEquals(List.of(new LintResult.Location("r1.sql", 10)), r.unparsed());
        assertEquals(List.of("drop-table@r1.sql:11"), ids(r));
        assertEquals(2, r.statementsChecked());
        assertEquals(0, run(Dialect.POSTGRESQL, 15, false, "FROBNICATE users;").exitCode(), "unparsed alone: exit 0");
    }

    @Test
    void statementsNoRuleIsAboutPass() {
        LintResult r = run(Dialect.POSTGRESQL, 15, false, "INSERT INTO users (id) VALUES (1);\n"
                + "CREATE VIEW v AS SELECT id FROM users;\nDROP FUNCTION f(int);\nCOMMENT ON TABLE users IS 'x';\n"
                + "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;\nALTER TABLE users ADD COLUMN note text;");
        assertEquals(List.of(), ids(r));
        assertEquals(List.of(), r.unparsed());
        assertEquals(6, r.statementsChecked());
    }

    @Test
    void suppressionTurnsOffTheNamedRulesForTheNextStatement() {
        LintResult r = run(Dialect.POSTGRESQL, 15, false,
                "-- retort:lint-ignore drop-table,truncate the table has been unused since 2.3\nDROP TABLE old;\n"
                        + "DROP TABLE other;");
        assertEquals(List.of("drop-table@r1.sql:12"), ids(r));
        assertEquals(List.of("drop-table@r1.sql:11"), pg("-- retort:lint-ignore truncate not this rule\n"
                + "DROP TABLE old;"));
    }

    @Test
    void suppressionNeedsKnownRulesAndAReason() {
        RetortException unknown = assertThrows(RetortException.class,
                () -> pg("-- retort:lint-ignore drop-tables because\nDROP TABLE old;"));
        assertTrue(unknown.getMessage().startsWith("r1.sql:10: unknown lint rule 'drop-tables'"), unknown.getMessage());
        RetortException wrongCase = assertThrows(RetortException.class,
                () -> pg("-- retort:lint-ignore Drop-Column the column is unused\nALTER TABLE t DROP COLUMN c;"));
        assertTrue(wrongCase.getMessage().startsWith("r1.sql:10: unknown lint rule 'Drop-Column' in '-- retort:lint-ignore"
                + " Drop-Column the column is unused'; did you mean 'drop-column'? (rules: drop-table, "),
                wrongCase.getMessage());
        RetortException noReason = assertThrows(RetortException.class,
                () -> pg("-- retort:lint-ignore drop-table\nDROP TABLE old;"));
        assertTrue(noReason.getMessage().contains("needs the rules and a reason"), noReason.getMessage());
    }

    @Test
    void everyRuleHasAStableIdSeverityAndFix() {
        assertEquals(List.of("drop-table", "drop-column", "rename-table", "rename-column", "change-column-type",
                "add-required-column", "set-not-null", "index-not-concurrent", "drop-index-not-concurrent",
                "foreign-key-validates", "check-validates", "unique-constraint-builds-index", "table-rewrite",
                "truncate", "delete-all-rows", "update-all-rows"), Rules.ALL.stream().map(Rule::id).toList());
        Rules.ALL.forEach(r -> assertTrue(!r.fixFor(new Change.Other("t")).isBlank() && r.severity() != null, r.id()));
    }
}
