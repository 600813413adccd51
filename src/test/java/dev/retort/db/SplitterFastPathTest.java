package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PlainSql}, the splitter's fast path, against Flyway's parser: on every generated section
 * it accepts, the statements (text, line, nonTransactional) or the error are the parser's.
 */
class SplitterFastPathTest {

    /** Fragments of plain sections. */
    private static final List<String> PIECES = List.of(
            "CREATE", "TABLE", "INDEX", "ON", "t_1", "x", "INTEGER", "VARCHAR(80)", "NOT NULL", "(", ")", "(id)",
            ",", ";", ";", ";", " ", "  ", "\t", "\n", "\n", "\n\n", "-- a note\n", "-- it's ; a \"comment\" /*\n",
            "  -- trailing", "--", "VACUUM", "PRAGMA foreign_keys = OFF", "PRAGMA main.journal_mode = WAL",
            "CREATE INDEX CONCURRENTLY ix ON t (a)", "CREATE UNIQUE INDEX CONCURRENTLY", "DROP INDEX CONCURRENTLY",
            "REINDEX SCHEMA s", "ALTER SYSTEM SET x = 1", "DISCARD ALL", "SELECT 1", "SELECT count(*) FROM t",
            ".tables", "COPY t FROM STDIN", "COPY t (a) TO STDOUT", "ß", "名前", "=", "::", "1.5", "*", "/", "-", "+",
            "%", "<>", "#", "@", "?", "!", "&", "|", "^", "~", ":", ".", "INSERT INTO t VALUES (1, 2)",
            "x_begin", "ending", "legend", "append", "cases");

    /** Not plain: the parser decides. */
    private static final List<String> OTHER = List.of("'a;b'", "\"q;\"", "`b`", "[c]", "$$;$$", "\\i f", "/* ; */",
            "BEGIN", "end", "CASE WHEN a THEN 1 ELSE 2", "\r\n", "E'x'", "(SELECT 1)", ": COPY t FROM STDIN");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void generatedSectionsSplitAsFlywaySplitsThem(Dialect dialect) {
        AtomicReference<String> current = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> compareOnGeneratedSections(dialect, current),
                () -> "hung on:\n" + current.get());
    }

    private static void compareOnGeneratedSections(Dialect dialect, AtomicReference<String> current) {
        FlywaySplitter flyway = FlywaySplitter.forDialect(dialect);
        Random random = new Random(20251206L + dialect.ordinal());
        int plain = 0;
        for (int n = 0; n < 4000; n++) {
            StringBuilder sql = new StringBuilder();
            int pieces = 1 + random.nextInt(30);
            for (int p = 0; p < pieces; p++) {
                List<String> from = random.nextInt(40) == 0 ? OTHER : PIECES;
                sql.append(from.get(random.nextInt(from.size()))).append(random.nextInt(3) == 0 ? "" : " ");
            }
            int firstLine = 1 + random.nextInt(40);
            String text = sql.toString();
            current.set(text);
            Object fast;
            try {
                fast = PlainSql.split(text, firstLine, dialect);
            } catch (RetortException e) {
                fast = "error: " + e.getMessage();
            }
            if (fast == null) {
                continue;
            }
            plain++;
            Object parsed;
            try {
                parsed = flyway.parsed(text, firstLine);
            } catch (RetortException e) {
                parsed = "error: " + e.getMessage();
            }
            assertEquals(parsed, fast, () -> dialect + " section (first line " + firstLine + "):\n" + text);
        }
        assertTrue(plain > 1000, "only " + plain + " of 4000 sections took the fast path");
    }

    @Test
    void everydayRevisionsTakeTheFastPath() {
        String section = "-- add the users table\nCREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n"
                + "    name VARCHAR(80) NOT NULL -- shown in the UI\n);\n\nCREATE INDEX ix_users_name ON users (name);\n";
        List<Statement> fast = PlainSql.split(section, 8, Dialect.SQLITE);
        assertNotNull(fast);
        assertEquals(List.of(new Statement("CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    name VARCHAR(80)"
                        + " NOT NULL -- shown in the UI\n)", 9, false),
                new Statement("CREATE INDEX ix_users_name ON users (name)", 14, false)), fast);
        assertEquals(FlywaySplitter.forDialect(Dialect.SQLITE).parsed(section, 8), fast);
    }

    @Test
    void textAParserCouldReadDifferentlyGoesToFlyway() {
        for (String sql : List.of("INSERT INTO t VALUES ('a;b');", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                + "  DELETE FROM u;\nEND;", "CREATE TABLE \"x;\" (a int);", "SELECT $$;$$;", "/* ; */ SELECT 1;",
                "SELECT (1;", "SELECT 1);", "SELECT 1;\r\nSELECT 2;", "BEGIN;\nCOMMIT;")) {
            assertNull(PlainSql.split(sql, 1, Dialect.POSTGRESQL), sql);
        }
    }

    /**
     * Flyway types a statement as COPY by some of its words and then read the rest of the section,
     * and then forever, as COPY data; retort's check did not see every such statement.
     */
    @Test
    void copyFromStdinTheCheckDoesNotSeeIsNotReadAsData() {
        List<Statement> statements = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> FlywaySplitter
                .forDialect(Dialect.POSTGRESQL).parsed("t_1 COPY t FROM STDIN;\nSELECT 'x';\n", 3));
        assertEquals(List.of(new Statement("t_1 COPY t FROM STDIN", 3, false), new Statement("SELECT 'x'", 4, false)),
                statements);
    }
}
