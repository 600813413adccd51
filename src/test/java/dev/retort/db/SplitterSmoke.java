package dev.retort.db;

import dev.retort.api.Dialect;
import java.util.List;

/**
 * A manual check of the splitter outside Maven, e.g. from the shaded jar (which must keep what
 * Flyway needs, such as its META-INF/services plugin registrations):
 * <pre>
 * mvn -q package -DskipTests
 * java -cp target/retort.jar:target/test-classes dev.retort.db.SplitterSmoke
 * java -cp target/retort.jar:target/test-classes dev.retort.db.SplitterSmoke none   # baseline: no split
 * </pre>
 * Prints how long the first split takes (Flyway's classes load then) and a later one, on
 * stderr; exits 1 if the statements are not the expected ones.
 */
public final class SplitterSmoke {
    private static final String PG = """
            -- header
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
            CREATE INDEX CONCURRENTLY i ON t (a);
            SELECT 'a;b'""";
    private static final String SQLITE = """
            CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;
            VACUUM""";

    private SplitterSmoke() {
    }

    public static void main(String[] args) {
        StatementSplitter pg = StatementSplitter.forDialect(Dialect.POSTGRESQL);
        StatementSplitter sqlite = StatementSplitter.forDialect(Dialect.SQLITE);
        if (args.length > 0 && args[0].equals("none")) {
            return;
        }
        long t0 = System.nanoTime();
        List<Statement> first = pg.split(PG, 10);
        long t1 = System.nanoTime();
        List<Statement> lite = sqlite.split(SQLITE, 1);
        long t2 = System.nanoTime();
        List<Statement> again = pg.split(PG, 10);
        long t3 = System.nanoTime();
        System.err.printf("first split (PostgreSQL, loads Flyway): %.1f ms%n", (t1 - t0) / 1e6);
        System.err.printf("first SQLite split after that:          %.1f ms%n", (t2 - t1) / 1e6);
        System.err.printf("second PostgreSQL split:                %.1f ms%n", (t3 - t2) / 1e6);
        List<Statement> expectedPg = List.of(
                new Statement("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", 11, false),
                new Statement("CREATE INDEX CONCURRENTLY i ON t (a)", 12, true),
                new Statement("SELECT 'a;b'", 13, false));
        List<Statement> expectedSqlite = List.of(
                new Statement("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END", 1, false),
                new Statement("VACUUM", 2, true));
        if (!first.equals(expectedPg) || !again.equals(expectedPg) || !lite.equals(expectedSqlite)) {
            System.err.println("UNEXPECTED: " + first + " / " + lite);
            System.exit(1);
        }
        System.err.println("ok");
    }
}
