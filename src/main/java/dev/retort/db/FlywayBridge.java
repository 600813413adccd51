package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.sqlite.SQLiteParser;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParserContext;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PeekingReader;
import org.flywaydb.core.internal.parser.Recorder;
import org.flywaydb.core.internal.parser.StatementType;
import org.flywaydb.core.internal.parser.Token;
import org.flywaydb.core.internal.parser.TokenType;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.sqlscript.Delimiter;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * The one place that touches Flyway. Flyway's parsers are internal API
 * ({@code org.flywaydb.core.internal.parser}); they need a {@link Configuration} and a
 * {@link ParsingContext}, but no database connection. Placeholder replacement is switched off
 * ({@code ${...}} stays as written), and the parsers are subclassed only to apply retort's rules
 * at the point where Flyway has cut a statement but not yet read past it.
 *
 * <p>This class is loaded, and Flyway with it, on the first split.
 */
final class FlywayBridge {
    /** A statement as Flyway cut it: leading comments still on, {@code line} a file line. */
    record Parsed(String sql, int line) {
    }

    private static final Configuration CONFIG = configuration();

    private static final Pattern FLYWAY_LINE = Pattern.compile("at line (\\d+)");

    private FlywayBridge() {
    }

    private static Configuration configuration() {
        ClassicConfiguration configuration = new ClassicConfiguration();
        configuration.setPlaceholderReplacement(false);
        return configuration;
    }

    /**
     * Cuts {@code sql} into statements.
     *
     * @throws RetortException naming the file line, for a statement that cannot run through JDBC
     *                         or text Flyway cannot split
     */
    static synchronized List<Parsed> parse(Dialect dialect, String sql, int firstLine) {
        // A parser is cheap once its classes are loaded, so one per call. Calls are serialised:
        // the shared configuration fills its plugin register lazily, without locking.
        Parser parser = switch (dialect) {
            case POSTGRESQL -> new RetortPostgreSQLParser(firstLine);
            case SQLITE -> new RetortSQLiteParser(firstLine);
        };
        List<Parsed> out = new ArrayList<>();
        try (SqlStatementIterator it = parser.parse(new StringResource(sql))) {
            while (it.hasNext()) {
                SqlStatement statement = it.next();
                out.add(new Parsed(statement.getSql(), firstLine - 1 + statement.getLineNumber()));
            }
        } catch (FlywayException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RetortException r) {
                    throw r;
                }
            }
            throw translate(e, firstLine);
        }
        return out;
    }

    private static RetortException translate(FlywayException e, int firstLine) {
        String detail = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        Matcher m = FLYWAY_LINE.matcher(detail);
        if (!m.find()) {
            m = FLYWAY_LINE.matcher(String.valueOf(e.getMessage()));
            if (!m.find()) {
                return new RetortException("cannot split statements: " + firstLineOf(detail), e);
            }
        }
        int line = firstLine - 1 + Integer.parseInt(m.group(1));
        String message = detail.startsWith("Incomplete statement")
                ? "statement not complete: a BEGIN ... END or CASE ... END block, string, quoted "
                        + "identifier or comment starting in it is not closed"
                : "cannot split statements: " + firstLineOf(detail);
        return FlywaySplitter.error(line, message, e);
    }

    private static String firstLineOf(String s) {
        int eol = s.indexOf('\n');
        return eol < 0 ? s : s.substring(0, eol);
    }

    /** Throws if retort cannot run the statement that starts at {@code line} (of the section). */
    private static void check(Dialect dialect, String sql, int line, int firstLine) {
        String why = FlywaySplitter.unrunnable(dialect, sql);
        if (why != null) {
            throw FlywaySplitter.error(firstLine - 1 + line, why, null);
        }
    }

    /**
     * PostgreSQL: refuses COPY FROM STDIN and meta-commands before Flyway reads COPY data (which it
     * would read up to a {@code \.} line, or forever without one).
     */
    private static final class RetortPostgreSQLParser extends PostgreSQLParser {
        private final int firstLine;

        RetortPostgreSQLParser(int firstLine) {
            super(CONFIG, new ParsingContext());
            this.firstLine = firstLine;
        }

        @Override
        protected ParsedSqlStatement createStatement(PeekingReader reader, Recorder recorder,
                int statementPos, int statementLine, int statementCol,
                int nonCommentPartPos, int nonCommentPartLine, int nonCommentPartCol,
                StatementType statementType, boolean canExecuteInTransaction, Delimiter delimiter,
                String sql, List<Token> tokens, boolean batchable) throws IOException {
            check(Dialect.POSTGRESQL, sql, nonCommentPartLine, firstLine);
            return super.createStatement(reader, recorder, statementPos, statementLine,
                    statementCol, nonCommentPartPos, nonCommentPartLine, nonCommentPartCol,
                    statementType, canExecuteInTransaction, delimiter, sql, tokens, batchable);
        }

        @Override
        protected Boolean detectCanExecuteInTransaction(String simplifiedStatement, List<Token> tokens) {
            return null; // retort decides this itself (FlywaySplitter.nonTransactional)
        }

        /**
         * Never Flyway's COPY type, whose data it reads up to a {@code \.} line, forever when there
         * is none: it types a statement by some of its words ({@code t_1 COPY t FROM STDIN} is one),
         * which createStatement's check does not always see. retort refuses the COPY it can see and
         * leaves any other to the server.
         */
        @Override
        protected StatementType detectStatementType(String simplifiedStatement, ParserContext context,
                PeekingReader reader) {
            return StatementType.UNKNOWN;   // what Flyway's Parser answers for every other statement
        }
    }

    /**
     * SQLite: Flyway reads every {@code BEGIN} as opening a trigger body, so a transaction
     * statement ({@code BEGIN;}, {@code END;}) would swallow the rest of the section; here
     * {@code BEGIN} or {@code END} as a statement's first word is left alone. Flyway also does
     * not know SQLite's {@code [bracketed identifiers]}; here it does.
     */
    private static final class RetortSQLiteParser extends SQLiteParser {
        private final int firstLine;

        RetortSQLiteParser(int firstLine) {
            super(CONFIG, new ParsingContext());
            this.firstLine = firstLine;
        }

        @Override
        protected char getOpeningIdentifierSymbol() {
            return '[';
        }

        @Override
        protected char getClosingIdentifierSymbol() {
            return ']';
        }

        @Override
        protected void adjustBlockDepth(ParserContext context, List<Token> tokens, Token keyword,
                PeekingReader reader) throws IOException {
            if (isFirstWord(tokens, keyword)
                    && (keyword.getText().equals("BEGIN") || keyword.getText().equals("END"))) {
                return;
            }
            super.adjustBlockDepth(context, tokens, keyword, reader);
        }

        private static boolean isFirstWord(List<Token> tokens, Token keyword) {
            for (Token t : tokens) {
                if (t == keyword) {
                    return true;
                }
                if (t.getType() != TokenType.COMMENT && t.getType() != TokenType.BLANK_LINES
                        && t.getType() != TokenType.MULTI_LINE_COMMENT_DIRECTIVE) {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected ParsedSqlStatement createStatement(PeekingReader reader, Recorder recorder,
                int statementPos, int statementLine, int statementCol,
                int nonCommentPartPos, int nonCommentPartLine, int nonCommentPartCol,
                StatementType statementType, boolean canExecuteInTransaction, Delimiter delimiter,
                String sql, List<Token> tokens, boolean batchable) throws IOException {
            check(Dialect.SQLITE, sql, nonCommentPartLine, firstLine);
            return super.createStatement(reader, recorder, statementPos, statementLine,
                    statementCol, nonCommentPartPos, nonCommentPartLine, nonCommentPartCol,
                    statementType, canExecuteInTransaction, delimiter, sql, tokens, batchable);
        }

        @Override
        protected Boolean detectCanExecuteInTransaction(String simplifiedStatement, List<Token> tokens) {
            return null; // retort decides this itself (FlywaySplitter.nonTransactional)
        }
    }
}
