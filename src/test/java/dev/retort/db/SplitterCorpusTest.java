package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.retort.api.RetortException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.retort.testing.PgFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The splitter's golden corpus: every {@code src/test/resources/splitter/<dialect>/<case>.sql}
 * is split with the {@code <dialect>} splitter ({@code postgresql} or {@code sqlite}) and the
 * result compared with {@code <case>.expected}.
 *
 * <p>{@code .expected} format, line by line:
 * <pre>
 * # first-line: 20     optional header: the firstLine passed to split (default 1)
 * # run: no            optional header: do not execute the statements on a real database
 * === line 22          a statement starting on file line 22; its exact text follows, up to
 * CREATE TABLE a (     the next "===" line or the end of the file (trailing newlines dropped)
 *   id int)
 * === line 23 nontransactional     the same, for a statement with nonTransactional() true
 * VACUUM
 * === error: line 3: COPY ...      split throws RetortException with exactly this message
 * </pre>
 * A file with no {@code ===} line expects no statements.
 *
 * <p>Cases that split without error (and are not {@code # run: no}) are also executed, statement
 * by statement in autocommit mode: SQLite ones through sqlite-jdbc into an in-memory database;
 * PostgreSQL ones against the shared test server ({@link PgFixture}), each in a fresh schema.
 */
class SplitterCorpusTest {

    record Case(Dialect dialect, String name, String sql, Expected expected) {
        @Override
        public String toString() {
            return dialect.id() + "/" + name;
        }
    }

    record Expected(int firstLine, boolean run, List<Statement> statements, String error) {
    }

    static Stream<Case> cases() {
        return Stream.of(Dialect.values()).flatMap(SplitterCorpusTest::cases);
    }

    static Stream<Case> postgresqlCases() {
        return cases(Dialect.POSTGRESQL);
    }

    static Stream<Case> executablePostgresqlCases() {
        return postgresqlCases().filter(c -> c.expected().run() && c.expected().error() == null);
    }

    static Stream<Case> executableSqliteCases() {
        return sqliteCases().filter(c -> c.expected().run() && c.expected().error() == null);
    }

    static Stream<Case> sqliteCases() {
        return cases(Dialect.SQLITE);
    }

    private static Stream<Case> cases(Dialect dialect) {
        Path dir = corpusRoot().resolve(dialect.id());
        try (Stream<Path> files = Files.list(dir)) {
            List<Case> cases = new ArrayList<>();
            for (Path sqlFile : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String name = sqlFile.getFileName().toString().replaceFirst("\\.sql$", "");
                Path expectedFile = dir.resolve(name + ".expected");
                if (!Files.exists(expectedFile)) {
                    fail("missing " + expectedFile);
                }
                cases.add(new Case(dialect, name, Files.readString(sqlFile),
                        parseExpected(Files.readString(expectedFile))));
            }
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path corpusRoot() {
        try {
            return Path.of(SplitterCorpusTest.class.getResource("/splitter").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Expected parseExpected(String text) {
        int firstLine = 1;
        boolean run = true;
        String error = null;
        List<Statement> statements = new ArrayList<>();
        Integer line = null;
        boolean nonTransactional = false;
        StringBuilder sql = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (l.startsWith("=== ")) {
                if (line != null) {
                    statements.add(new Statement(sql.toString().stripTrailing(), line, nonTransactional));
                }
                sql.setLength(0);
                String header = l.substring(4);
                if (header.startsWith("error: ")) {
                    error = header.substring(7);
                    line = null;
                } else {
                    String[] parts = header.split(" ");
                    if (!parts[0].equals("line") || parts.length > 3
                            || parts.length == 3 && !parts[2].equals("nontransactional")) {
                        throw new IllegalArgumentException("bad header: " + l);
                    }
                    line = Integer.parseInt(parts[1]);
                    nonTransactional = parts.length == 3;
                }
            } else if (line != null) {
                sql.append(l).append('\n');
            } else if (l.startsWith("# first-line: ")) {
                firstLine = Integer.parseInt(l.substring(14).strip());
            } else if (l.strip().equals("# run: no")) {
                run = false;
            } else if (!l.isBlank()) {
                throw new IllegalArgumentException("unexpected line outside a statement: " + l);
            }
        }
        if (line != null) {
            statements.add(new Statement(sql.toString().stripTrailing(), line, nonTransactional));
        }
        return new Expected(firstLine, run, statements, error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splitsAsExpected(Case c) {
        StatementSplitter splitter = StatementSplitter.forDialect(c.dialect());
        Expected expected = c.expected();
        if (expected.error() != null) {
            RetortException e = assertThrows(RetortException.class,
                    () -> splitter.split(c.sql(), expected.firstLine()));
            assertEquals(expected.error(), e.getMessage());
        } else {
            assertEquals(render(expected.statements()), render(splitter.split(c.sql(), expected.firstLine())));
        }
    }

    /** One string, so a failure shows a readable diff. */
    private static String render(List<Statement> statements) {
        StringBuilder out = new StringBuilder();
        for (Statement s : statements) {
            out.append("=== line ").append(s.line()).append(s.nonTransactional() ? " nontransactional" : "")
                    .append('\n').append(s.sql()).append('\n');
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executableSqliteCases")
    void runsOnSqlite(Case c) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            execute(connection, c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executablePostgresqlCases")
    void runsOnPostgresql(Case c) throws SQLException {
        String schema = "retort_splitter_" + c.name().toLowerCase(Locale.ROOT);
        try (Connection connection = PgFixture.connect(database())) {
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
                s.execute("SET search_path TO " + schema);
            }
            try {
                execute(connection, c);
            } finally {
                try (java.sql.Statement s = connection.createStatement()) {
                    s.execute("RESET ALL");
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    private static void execute(Connection connection, Case c) throws SQLException {
        for (Statement statement : c.expected().statements()) {
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute(statement.sql());
            } catch (SQLException e) {
                fail(c + " line " + statement.line() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String database;

    /** One database of the shared test server for all PostgreSQL cases (each case uses its own schema). */
    private static synchronized String database() {
        if (database == null) {
            database = PgFixture.newDatabase();
        }
        return database;
    }
}
