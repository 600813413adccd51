package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link StatementSplitter}: Flyway's parser (behind {@link FlywayBridge}) finds the
 * statement boundaries and line numbers; this class trims the results and applies retort's rules
 * (what cannot run through JDBC, what cannot run in a transaction).
 *
 * <p>This class refers to no Flyway type, so creating a splitter loads no Flyway class; they are
 * loaded by the first {@link #split} of a section that {@link PlainSql} leaves to the parser.
 */
final class FlywaySplitter implements StatementSplitter {
    private static final FlywaySplitter SQLITE = new FlywaySplitter(Dialect.SQLITE);
    private static final FlywaySplitter POSTGRESQL = new FlywaySplitter(Dialect.POSTGRESQL);

    /** How many leading tokens the keyword rules look at. */
    private static final int RULE_TOKENS = 24;

    private final Dialect dialect;

    private FlywaySplitter(Dialect dialect) {
        this.dialect = dialect;
    }

    static FlywaySplitter forDialect(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> SQLITE;
            case POSTGRESQL -> POSTGRESQL;
        };
    }

    @Override
    public List<Statement> split(String sql, int firstLine) {
        if (SqlWords.skipLeadingComments(sql, dialect) == sql.length()) {
            return new ArrayList<>(); // blank or comment-only (a merge revision's): no need to load the parser
        }
        List<Statement> plain = PlainSql.split(sql, firstLine, dialect);
        return plain != null ? plain : parsed(sql, firstLine);
    }

    /** The statements as Flyway's parser cuts them (also for text {@link PlainSql} could cut). */
    List<Statement> parsed(String sql, int firstLine) {
        List<Statement> out = new ArrayList<>();
        for (FlywayBridge.Parsed parsed : FlywayBridge.parse(dialect, sql, firstLine)) {
            String text = parsed.sql();
            text = text.substring(SqlWords.skipLeadingComments(text, dialect)).strip();
            if (!text.isEmpty()) {
                out.add(new Statement(text, parsed.line(), nonTransactional(dialect, text)));
            }
        }
        return out;
    }

    /** The error for a statement at file line {@code line}: {@code line N: message}. */
    static RetortException error(int line, String message, Throwable cause) {
        return new RetortException("line " + line + ": " + message, cause);
    }

    /**
     * Why a statement cannot run through JDBC, or {@code null} if it can. Called by the parser
     * before Flyway would read any COPY data after the statement.
     */
    static String unrunnable(Dialect dialect, String sql) {
        String text = sql.substring(SqlWords.skipLeadingComments(sql, dialect));
        if (text.startsWith("\\")) {
            String command = text.split("[\\s;]", 2)[0];
            return "psql meta-command " + command + " cannot run through JDBC; "
                    + (command.equalsIgnoreCase("\\copy")
                            ? "load the data with INSERT statements or a separate tool"
                            : "write it as plain SQL statements");
        }
        if (text.length() > 1 && text.charAt(0) == '.' && Character.isLetter(text.charAt(1))) {
            String command = text.split("[\\s;]", 2)[0];
            return "sqlite3 shell command " + command + " cannot run through JDBC; "
                    + "write it as plain SQL statements";
        }
        if (dialect == Dialect.POSTGRESQL) {
            List<String> w = SqlWords.leading(text, dialect, RULE_TOKENS, true);
            if (at(w, 0, "COPY")) {
                if (containsSeq(w, "FROM", "STDIN")) {
                    return "COPY ... FROM STDIN cannot run through JDBC; "
                            + "load the data with INSERT statements or a separate tool";
                }
                if (containsSeq(w, "TO", "STDOUT")) {
                    return "COPY ... TO STDOUT cannot run through JDBC; "
                            + "use SELECT, or COPY ... TO a server file";
                }
            }
        }
        return null;
    }

    private static final Set<String> SQLITE_PRAGMAS_OUTSIDE = Set.of("FOREIGN_KEYS", "JOURNAL_MODE");
    private static final Set<String> PG_REINDEX_WHOLE = Set.of("SCHEMA", "DATABASE", "SYSTEM");
    private static final Set<String> PG_CLUSTER_OBJECTS = Set.of("DATABASE", "TABLESPACE", "SUBSCRIPTION");

    /**
     * Whether the statement begins or ends a transaction (BEGIN, START TRANSACTION, COMMIT, END,
     * ROLLBACK but not ROLLBACK TO a savepoint, ABORT, PREPARE TRANSACTION): inside a revision's
     * transaction it would commit part of the revision or fail.
     */
    static boolean controlsTransaction(Dialect dialect, String sql) {
        List<String> w = SqlWords.leading(sql, dialect, 4, true);
        return switch (get(w, 0)) {
            case "BEGIN", "COMMIT", "END", "ABORT" -> true;
            case "START", "PREPARE" -> at(w, 1, "TRANSACTION");
            case "ROLLBACK" -> !(at(w, 1, "TO") || at(w, 2, "TO"));
            default -> false;
        };
    }

    /** Whether the statement cannot run (or would have no effect) inside a transaction. */
    static boolean nonTransactional(Dialect dialect, String sql) {
        List<String> w = SqlWords.leading(sql, dialect, RULE_TOKENS, true);
        if (at(w, 0, "VACUUM")) {
            return true;
        }
        if (dialect == Dialect.SQLITE) {
            return at(w, 0, "PRAGMA") && (SQLITE_PRAGMAS_OUTSIDE.contains(get(w, 1))
                    || at(w, 2, ".") && SQLITE_PRAGMAS_OUTSIDE.contains(get(w, 3)));
        }
        String first = get(w, 0);
        switch (first) {
            case "CREATE": {
                int i = at(w, 1, "UNIQUE") ? 2 : 1;
                return at(w, i, "INDEX") && at(w, i + 1, "CONCURRENTLY")
                        || PG_CLUSTER_OBJECTS.contains(get(w, 1));
            }
            case "DROP":
                return at(w, 1, "INDEX") && at(w, 2, "CONCURRENTLY")
                        || PG_CLUSTER_OBJECTS.contains(get(w, 1));
            case "REINDEX": { // CONCURRENTLY may also be an option: REINDEX (CONCURRENTLY) TABLE t
                int i = 1;
                while (at(w, i, "(") || at(w, i, "VERBOSE")) {
                    i++;
                }
                return PG_REINDEX_WHOLE.contains(get(w, i))
                        || SqlWords.leading(sql, dialect, RULE_TOKENS, false).contains("CONCURRENTLY");
            }
            case "ALTER":
                return at(w, 1, "SYSTEM")
                        || at(w, 1, "DATABASE") && containsSeq(w, "SET", "TABLESPACE")
                        || at(w, 1, "TABLE") && containsSeq(w, "DETACH", "PARTITION")
                                && w.contains("CONCURRENTLY");
            case "DISCARD":
                return at(w, 1, "ALL");
            default:
                return false;
        }
    }

    private static String get(List<String> w, int i) {
        return i < w.size() ? w.get(i) : "";
    }

    private static boolean at(List<String> w, int i, String word) {
        return get(w, i).equals(word);
    }

    private static boolean containsSeq(List<String> w, String a, String b) {
        for (int i = 0; i + 1 < w.size(); i++) {
            if (w.get(i).equals(a) && w.get(i + 1).equals(b)) {
                return true;
            }
        }
        return false;
    }
}
