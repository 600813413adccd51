package dev.retort.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite rebuild through the real command line: what survives it (rows and rowids, indexes,
 * triggers, views, other tables' foreign keys), and that a rebuild the rows break fails with the
 * revision, operation and row named and the database exactly as before. {@code PRAGMA
 * foreign_keys} is as it was: on (a JDBC URL option) stays enforced for the next revision, off
 * stays off.
 */
class SqliteRebuildTest {
    @TempDir
    Path tmp;

    static final String BASE = """
            -- base
            --
            -- Revision ID: aaa000000001
            -- Revises:

            -- retort:upgrade
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(20), score INTEGER, note TEXT,
                CONSTRAINT ck_score CHECK (score < 1000));
            CREATE TABLE child (id INTEGER PRIMARY KEY,
                parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE);
            CREATE TABLE log (msg TEXT);
            CREATE TABLE nopk (a TEXT, b VARCHAR(10), c INTEGER DEFAULT (1 + 1), d TEXT DEFAULT (lower('A')),
                e REAL DEFAULT -1.5, f TEXT DEFAULT 'it''s', g BLOB DEFAULT x'00ff', h TEXT DEFAULT CURRENT_DATE);
            CREATE INDEX ix_parent_name ON parent (name);
            CREATE UNIQUE INDEX ix_parent_lower ON parent (lower(name));
            CREATE INDEX ix_parent_partial ON parent (score) WHERE score > 0;
            CREATE TRIGGER tr_parent AFTER UPDATE ON parent BEGIN INSERT INTO log VALUES ('updated ' || new.id); END;
            CREATE VIEW v_parent AS SELECT id, name, score FROM parent;
            INSERT INTO parent VALUES (1, 'one', 10, 'n1'), (5, 'five', 50, NULL), (9, 'nine', -9, 'n9');
            INSERT INTO child VALUES (1, 1), (2, 5), (3, 9);
            INSERT INTO nopk (a, b) VALUES ('x', '1'), ('y', '2'), ('z', '3');
            DELETE FROM nopk WHERE a = 'y';
            INSERT INTO nopk (a, b) VALUES ('w', 'abc');
            """;

    Path dir;
    Path db;

    Cli setUp(String yaml, boolean foreignKeys) throws Exception {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        db = tmp.resolve("app.db");
        Files.writeString(dir.resolve("aaa000000001_base.sql"), BASE);
        if (yaml != null) {
            Files.writeString(dir.resolve("bbb000000002_change.yaml"), "message: change\nrevision: bbb000000002\n"
                    + "revises: aaa000000001\n" + yaml);
        }
        String url = "jdbc:sqlite:" + db.toAbsolutePath() + (foreignKeys ? "?foreign_keys=true" : "");
        return new Cli(url, dir);
    }

    @Test
    void keepsRowsRowidsIndexesTriggersViewsAndForeignKeysOfOtherTables() throws Exception {
        Cli cli = setUp("""
                upgrade:
                  - alter_column: {table: parent, name: name, nullable: false, existing_nullable: true}
                  - alter_column: {table: parent, name: score, type: bigint, existing_type: integer}
                  - create_check_constraint: {name: ck_name, table: parent, condition: "length(name) > 0"}
                  - alter_column: {table: nopk, name: b, type: integer, existing_type: string(10)}
                  - create_index: {name: ix_nopk_b, table: nopk, columns: [b]}
                """, true);
        cli.ok("upgrade", "aaa000000001");
        List<String> schemaBefore = schema(db);
        List<String> rowsBefore = rows(db, "parent", "child", "log");
        cli.ok("upgrade", "head");
        List<String> schemaAfter = schema(db);
        // every index, trigger and view is there, with its SQL as written
        for (String name : List.of("ix_parent_name", "ix_parent_lower", "ix_parent_partial", "tr_parent", "v_parent")) {
            assertEquals(entry(schemaBefore, name), entry(schemaAfter, name), name);
        }
        assertTrue(entry(schemaAfter, "table parent").contains("name VARCHAR(20) NOT NULL"), schemaAfter.toString());
        assertTrue(entry(schemaAfter, "table parent").contains("score BIGINT"), schemaAfter.toString());
        assertTrue(entry(schemaAfter, "table parent").contains("CONSTRAINT ck_score CHECK (score < 1000)"));
        assertTrue(entry(schemaAfter, "table parent").contains("CONSTRAINT ck_name CHECK (length(name) > 0)"));
        // rows with their rowids; the child rows were not cascaded away by the DROP TABLE of the rebuild
        assertEquals(rowsBefore, rows(db, "parent", "child", "log"));
        // nopk: no INTEGER PRIMARY KEY, rowids kept all the same; b cast to INTEGER as Alembic does
        assertEquals(List.of("nopk rowid=1 a=x b=1", "nopk rowid=3 a=z b=3", "nopk rowid=4 a=w b=0"),
                rows(db, "nopk").stream().map(r -> r.substring(0, r.indexOf(" c="))).toList());
        // expression defaults keep their parentheses (PRAGMA table_xinfo drops them), literals stay as written
        assertTrue(entry(schemaAfter, "table nopk").contains("c INTEGER DEFAULT (1 + 1), \n\td TEXT DEFAULT (lower('A')),"
                + " \n\te REAL DEFAULT -1.5, \n\tf TEXT DEFAULT 'it''s', \n\tg BLOB DEFAULT x'00ff',"
                + " \n\th TEXT DEFAULT CURRENT_DATE"), entry(schemaAfter, "table nopk"));
        try (Connection c = connect(db, true); Statement st = c.createStatement()) {
            assertEquals("parent", one(st, "SELECT \"table\" FROM pragma_foreign_key_list('child')"));
            assertEquals("0", one(st, "SELECT count(*) FROM pragma_foreign_key_check"));
            st.execute("UPDATE parent SET score = 11 WHERE id = 1");
            assertEquals("updated 1", one(st, "SELECT msg FROM log"));
            assertEquals("3", one(st, "SELECT count(*) FROM v_parent"));
            assertTrue(one(st, "EXPLAIN QUERY PLAN SELECT * FROM nopk WHERE b = 1").length() > 0);
        }
        // and back
        List<String> rowsAfter = rows(db, "parent", "child", "log", "nopk");
        cli.ok("downgrade", "aaa000000001");
        assertEquals(rowsAfter, rows(db, "parent", "child", "log", "nopk"));
        try (Connection c = connect(db, false); Statement st = c.createStatement()) {
            assertEquals("INTEGER 0", one(st, "SELECT type || ' ' || \"notnull\" FROM pragma_table_info('parent') WHERE name = 'score'"));
            assertEquals("VARCHAR(20) 0", one(st, "SELECT type || ' ' || \"notnull\" FROM pragma_table_info('parent') WHERE name = 'name'"));
        }
    }

    @Test
    void aNotNullOverNullsFailsNamingRevisionOperationAndRowAndChangesNothing() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - alter_column: {table: parent, name: note, nullable: false}
                downgrade: []
                """, "alter_column (line 5)", "NOT NULL constraint failed", "offending row: rowid 5 (id=5, name=five, score=50, note=NULL)");
    }

    @Test
    void aCheckTheRowsBreakFailsAndChangesNothing() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - alter_column: {table: parent, name: note, type: text, existing_type: text}
                  - create_check_constraint: {name: ck_pos, table: parent, condition: "score >= 0"}
                """, "alter_column (line 5), create_check_constraint (line 6)", "CHECK constraint failed",
                "offending row: rowid 9 (id=9, name=nine, score=-9, note=n9)");
    }

    @Test
    void aForeignKeyTheRowsBreakFailsAndChangesNothing() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - create_foreign_key: {name: fk_log, table: nopk, columns: [b], ref_table: parent, ref_columns: [id]}
                """, "create_foreign_key (line 5)", "a foreign key of table 'nopk' on 'parent' is broken by row rowid 1 (a=x, b=1)".replace("rowid 1 (a=x, b=1)", "rowid 3"),
                "");
    }

    /** A legacy database's orphan stops every rebuild of its parent: said as older than the revision, with the way out. */
    @Test
    void anOrphanFromBeforeTheRevisionIsSaidToBeOlderWithWhatToDo() throws Exception {
        assertFailsUnchanged("""
                # orphan: child 77 points at no parent
                upgrade:
                  - alter_column: {table: parent, name: note, nullable: false, existing_type: text}
                downgrade: []
                """.replace("nullable: false", "server_default: x"), "alter_column (line 6)",
                "a foreign key of table 'child' on 'parent' is broken by row rowid 77",
                "'PRAGMA foreign_key_check' lists all such rows; delete or correct them");
    }

    @Test
    void aUniqueIndexTheNewTypeBreaksFailsAndChangesNothing() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - alter_column: {table: nopk, name: b, type: integer}
                  - create_unique_constraint: {name: uq_b, table: nopk, columns: [b]}
                downgrade: []
                """, "alter_column (line 5), create_unique_constraint (line 6)", "UNIQUE constraint failed",
                "offending row: rowid 5 (a=v, b=xyz, c=2, d=a, e=-1.5, f=it's, g=<2 bytes>, h=20");
    }

    /** A CHECK on other columns is no reason to rebuild: SQLite's own DROP COLUMN keeps the table's text as written. */
    @Test
    void aDropColumnNoCheckUsesIsSqlitesOwnDropColumn() throws Exception {
        Cli cli = setUp("""
                upgrade:
                  - drop_column: {table: parent, name: note}
                downgrade: []
                """, false);
        cli.ok("upgrade", "head");
        try (Connection c = connect(db, false); Statement st = c.createStatement()) {
            String sql = one(st, "SELECT sql FROM sqlite_master WHERE name = 'parent'");
            assertTrue(sql.startsWith("CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(20), score INTEGER")
                    && sql.contains("CONSTRAINT ck_score CHECK (score < 1000)") && !sql.contains("note"), sql);
        }
    }

    @Test
    void aCheckOnADroppedColumnFailsSayingWhatToDo() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - drop_column: {table: parent, name: score}
                downgrade: []
                """, "drop_column (line 5)", "no such column: score", "a CHECK constraint may use a dropped column");
    }

    @Test
    void aViewTheChangeBreaksFailsNamingIt() throws Exception {
        assertFailsUnchanged("""
                upgrade:
                  - drop_column: {table: parent, name: name}
                downgrade: []
                """, "drop_column (line 5)", "view 'v_parent' no longer works", "drop it before this operation");
    }

    void assertFailsUnchanged(String yaml, String operation, String cause, String row) throws Exception {
        for (boolean fk : new boolean[] {true, false}) {
            Files.deleteIfExists(tmp.resolve("app.db"));
            Cli cli = setUp(yaml, fk);
            cli.ok("upgrade", "aaa000000001");
            try (Connection c = connect(db, false); Statement st = c.createStatement()) {
                if (yaml.contains("fk_log")) {
                    st.execute("UPDATE nopk SET b = '1' WHERE b = 'abc'"); // every b but rowid 3 ('3') has a parent
                } else if (yaml.contains("# orphan")) {
                    st.execute("INSERT INTO child VALUES (77, 404)"); // no parent 404: written with foreign keys off
                } else if (yaml.contains("uq_b")) {
                    st.execute("INSERT INTO nopk (a, b) VALUES ('v', 'xyz')"); // 'abc' and 'xyz' both cast to 0
                }
            }
            List<String> schemaBefore = schema(db);
            List<String> rowsBefore = rows(db, "parent", "child", "log", "nopk");
            Cli.Result r = cli.run("upgrade", "head");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("Revision bbb000000002"), r.err());
            assertTrue(r.err().contains("the SQLite rebuild of table"), r.err());
            assertTrue(r.err().contains(operation), r.err());
            assertTrue(r.err().contains(cause), r.err());
            assertTrue(r.err().contains(row), r.err());
            assertTrue(r.err().contains("The table is unchanged"), r.err());
            // said only when the rebuild copied the rows as they were and added no foreign key
            assertEquals(yaml.contains("# orphan"), r.err().contains("was broken before this revision"), r.err());
            assertEquals(schemaBefore, schema(db));
            assertEquals(rowsBefore, rows(db, "parent", "child", "log", "nopk"));
            assertEquals("aaa000000001 (head)".replace(" (head)", ""), cli.ok("current").strip().split(" ")[0]);
        }
    }

    @Test
    void foreignKeysStayEnforcedForTheNextRevisionWhenTheyWereOn() throws Exception {
        for (boolean fk : new boolean[] {true, false}) {
            Files.deleteIfExists(tmp.resolve("app.db"));
            Cli cli = setUp("""
                    upgrade:
                      - alter_column: {table: parent, name: score, type: bigint, existing_type: integer}
                    """, fk);
            Files.writeString(dir.resolve("ccc000000003_orphan.sql"), """
                    -- orphan
                    -- Revision ID: ccc000000003
                    -- Revises: bbb000000002

                    -- retort:upgrade
                    INSERT INTO child VALUES (10, 777);
                    """);
            Cli.Result r = cli.run("upgrade", "head");
            if (fk) {
                assertEquals(1, r.exit(), r.err());
                assertTrue(r.err().contains("Revision ccc000000003") && r.err().contains("FOREIGN KEY constraint failed"),
                        r.err());
                assertEquals("bbb000000002", cli.ok("current").strip());
            } else {
                assertEquals(0, r.exit(), r.err());
                assertEquals("ccc000000003 (head)", cli.ok("current").strip());
            }
        }
    }

    @Test
    void dropColumnAloneIsAlterTableWhenNothingUsesTheColumnAndARebuildWhenAnIndexDoes() throws Exception {
        Cli cli = setUp("""
                upgrade:
                  - execute: {sql: "DROP VIEW v_parent"}
                  - drop_column: {table: parent, name: note}
                  - drop_column: {table: parent, name: name}
                downgrade: []
                """, true);
        cli.ok("upgrade", "aaa000000001");
        List<String> rowsChild = rows(db, "child");
        cli.ok("upgrade", "head");
        List<String> schema = schema(db);
        assertTrue(schema.stream().noneMatch(s -> s.contains("ix_parent_name")), schema.toString());
        assertEquals(entry(schema, "ix_parent_partial"), "index ix_parent_partial CREATE INDEX ix_parent_partial ON parent (score) WHERE score > 0");
        assertEquals(List.of("parent rowid=1 id=1 score=10", "parent rowid=5 id=5 score=50", "parent rowid=9 id=9 score=-9"),
                rows(db, "parent"));
        assertEquals(rowsChild, rows(db, "child"));
        // the expression index on lower(name) went with the column, as on PostgreSQL
        assertEquals(null, entry(schema, "ix_parent_lower"));
        // (SQLite's RENAME writes the name quoted, as after Alembic's batch mode)
        assertEquals("table parent CREATE TABLE \"parent\" (\n\tid INTEGER, \n\tscore INTEGER, \n"
                + "\tPRIMARY KEY (id), \n\tCONSTRAINT ck_score CHECK (score < 1000)\n)", entry(schema, "table parent"));
    }

    /** AUTOINCREMENT's counter goes through a rebuild: the ids of deleted rows are not handed out again, also of an emptied table. */
    @Test
    void theAutoincrementCounterSurvivesTheRebuild() throws Exception {
        Cli cli = setUp("""
                upgrade:
                  - execute: {sql: "CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT)"}
                  - execute: {sql: "INSERT INTO counted (note) VALUES ('a'), ('b'), ('c')"}
                  - execute: {sql: "DELETE FROM counted WHERE id = 3"}
                  - execute: {sql: "CREATE TABLE emptied (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT)"}
                  - execute: {sql: "INSERT INTO emptied (note) VALUES ('a'), ('b')"}
                  - execute: {sql: "DELETE FROM emptied"}
                  - alter_column: {table: counted, name: note, nullable: false, existing_nullable: true, existing_type: text}
                  - alter_column: {table: emptied, name: note, nullable: false, existing_nullable: true, existing_type: text}
                downgrade: []
                """, true);
        cli.ok("upgrade", "head");
        assertTrue(entry(schema(db), "table counted").contains("NOT NULL"), "rebuilt: " + schema(db));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO counted (note) VALUES ('new')");
            st.execute("INSERT INTO emptied (note) VALUES ('new')");
            try (ResultSet rs = st.executeQuery("SELECT (SELECT max(id) FROM counted), (SELECT max(id) FROM emptied)")) {
                rs.next();
                assertEquals(4, rs.getInt(1), "after the deleted 3");
                assertEquals(3, rs.getInt(2), "after the deleted 1 and 2");
            }
        }
    }

    /** An inline REFERENCES keeps its name and its deferrable clause through a rebuild (the pragma has neither). */
    @Test
    void anInlineForeignKeyKeepsItsNameAndDeferrableClause() throws Exception {
        Cli cli = setUp("""
                upgrade:
                  - execute: {sql: "CREATE TABLE pet (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL CONSTRAINT fk_owner REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, vet INTEGER REFERENCES parent DEFERRABLE INITIALLY DEFERRED UNIQUE, name TEXT)"}
                  - add_column: {table: pet, column: {name: age, type: integer, server_default: "0", nullable: false}}
                  - create_check_constraint: {name: ck_age, table: pet, condition: age >= 0}
                downgrade: []
                """, true);
        cli.ok("upgrade", "head");
        String pet = entry(schema(db), "table pet");
        assertTrue(pet.contains("CONSTRAINT fk_owner FOREIGN KEY(owner) REFERENCES parent (id) ON DELETE CASCADE"
                + " DEFERRABLE INITIALLY DEFERRED"), pet);
        assertTrue(pet.contains("FOREIGN KEY(vet) REFERENCES parent DEFERRABLE INITIALLY DEFERRED"), pet);
        assertTrue(pet.contains("UNIQUE (vet)"), pet);
        Files.writeString(dir.resolve("ccc000000003_drop.yaml"), "message: drop\nrevision: ccc000000003\n"
                + "revises: bbb000000002\nupgrade:\n  - drop_constraint: {name: fk_owner, table: pet, type: foreignkey}\n"
                + "downgrade: []\n");
        cli.ok("upgrade", "head");
        String after = entry(schema(db), "table pet");
        assertTrue(!after.contains("fk_owner") && after.contains("FOREIGN KEY(vet)"), after);
    }

    /** Names with quotes, spaces, capitals and non-ASCII letters survive a rebuild: every composed name is quoted. */
    @Test
    void oddTableColumnAndIndexNamesAreQuotedThroughTheRebuild() throws Exception {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        db = tmp.resolve("app.db");
        Files.writeString(dir.resolve("aaa000000001_base.sql"), """
                -- base
                --
                -- Revision ID: aaa000000001
                -- Revises:

                -- retort:upgrade
                CREATE TABLE "Odd ""T"" Täble" (id INTEGER PRIMARY KEY, "Col One" VARCHAR(20), "naïve""q" INTEGER,
                    "select" TEXT);
                CREATE INDEX "Ix Odd ""i""\" ON "Odd ""T"" Täble" ("Col One");
                INSERT INTO "Odd ""T"" Täble" VALUES (1, 'one', 1, 's'), (2, 'two', 2, 't');
                CREATE TABLE "Kid Tbl" (id INTEGER PRIMARY KEY, "Odd Ref" INTEGER REFERENCES "Odd ""T"" Täble",
                    note TEXT);
                INSERT INTO "Kid Tbl" VALUES (1, 2, 'n');
                """);
        Files.writeString(dir.resolve("bbb000000002_change.yaml"), """
                message: change
                revision: bbb000000002
                revises: aaa000000001
                upgrade:
                  - alter_column: {table: 'Odd "T" Täble', name: 'Col One', nullable: false, existing_nullable: true}
                  - alter_column: {table: 'Odd "T" Täble', name: 'naïve"q', type: bigint, existing_type: integer}
                  - drop_column: {table: 'Odd "T" Täble', name: select}
                  - create_index: {name: 'Ix Two "j"', table: 'Odd "T" Täble', columns: ['naïve"q']}
                  - alter_column: {table: Kid Tbl, name: note, nullable: false, existing_nullable: true}
                downgrade: []
                """);
        Cli cli = new Cli("jdbc:sqlite:" + db.toAbsolutePath(), dir);
        cli.ok("upgrade", "head");
        List<String> schema = schema(db);
        String table = schema.stream().filter(x -> x.startsWith("table Odd")).findFirst().orElseThrow();
        assertTrue(table.contains("\"Col One\" VARCHAR(20) NOT NULL") && table.contains("\"naïve\"\"q\" BIGINT")
                && !table.contains("select"), table);
        assertTrue(schema.stream().anyMatch(x -> x.startsWith("index Ix Odd \"i\" ")), schema.toString());
        assertTrue(schema.stream().anyMatch(x -> x.startsWith("index Ix Two \"j\" ")), schema.toString());
        assertTrue(schema.stream().noneMatch(x -> x.contains("_retort_tmp_")), schema.toString());
        try (Connection c = connect(db, false); Statement st = c.createStatement()) {
            assertEquals("2", one(st, "SELECT count(*) FROM \"Odd \"\"T\"\" Täble\" WHERE \"Col One\" IS NOT NULL"));
            // a REFERENCES naming no column (the parent's primary key) is written again as such
            assertEquals("Odd \"T\" Täble 2", one(st, "SELECT \"table\" || ' ' || (SELECT \"Odd Ref\" FROM \"Kid Tbl\")"
                    + " FROM pragma_foreign_key_list('Kid Tbl') WHERE \"to\" IS NULL"));
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    static Connection connect(Path db, boolean foreignKeys) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
        }
        return c;
    }

    static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String entry(List<String> schema, String name) {
        return schema.stream().filter(s -> s.startsWith(name + " ") || s.contains(" " + name + " ")).findFirst().orElse(null);
    }

    /** sqlite_master: "type name sql" per object, sorted. */
    static List<String> schema(Path db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(db, false); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'alembic%'"
                     + " AND name NOT LIKE 'retort%' ORDER BY type, name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    /** Every row of the tables with its rowid: "table rowid=1 col=value ...". */
    static List<String> rows(Path db, String... tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(db, false); Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT rowid AS rowid_, * FROM " + t + " ORDER BY rowid")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder(t).append(" rowid=").append(rs.getString(1));
                        for (int i = 2; i <= md.getColumnCount(); i++) {
                            b.append(' ').append(md.getColumnName(i)).append('=').append(rs.getString(i));
                        }
                        out.add(b.toString());
                    }
                }
            }
        }
        return out;
    }
}
