package dev.retort.lint;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.config.Spelling;
import dev.retort.db.Statement;
import dev.retort.db.StatementSplitter;
import dev.retort.ops.Operation;
import dev.retort.ops.Render;
import dev.retort.ops.Rendered;
import dev.retort.script.Revision;
import dev.retort.script.SqlSection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL or portable revision's upgrade as lint input: split (rendered) as it would run on the
 * dialect, each statement classified, and {@code -- retort:lint-ignore RULE[,RULE] reason} on the
 * line before a statement ({@code # retort:lint-ignore} before a portable operation) turning those
 * rules off for it.
 */
public final class SqlRevisions {
    private SqlRevisions() {
    }

    private static final Pattern IGNORE = Pattern.compile("(?i)\\s*(?:--|#)\\s*retort:lint-ignore\\b(.*)");
    private static final Pattern RULES_AND_REASON = Pattern.compile("\\s*([A-Za-z0-9-]+(?:\\s*,\\s*[A-Za-z0-9-]+)*)(.*)");

    /** The lint input of a revision's upgrade on a dialect; null for an Alembic .py revision (not readable). */
    public static LintRevision of(Revision r, Dialect dialect) {
        if (r.python()) {
            return null;
        }
        String file = String.valueOf(r.location());
        if (r.portable() != null) {
            return portable(r, dialect, file);
        }
        Optional<SqlSection> section = r.section(true, dialect.id());
        if (section.isEmpty()) {
            return new LintRevision(r.id(), file, r.transactional(), List.of());
        }
        SqlSection s = section.get();
        List<Statement> split = split(r, file, dialect, new Rendered.Script(s.sql(), s.firstLine()));
        String[] lines = s.sql().split("\n", -1);
        List<Ignore> ignores = new ArrayList<>();
        for (Statement st : split) {
            int before = st.line() - 1 - s.firstLine();     // index in the section of the line before
            ignores.add(new Ignore(ignored(before >= 0 && before < lines.length ? lines[before] : "", file,
                    st.line() - 1), st.line() - 1));
        }
        return classified(r, file, dialect, split, ignores);
    }

    /** The rules a lint-ignore comment turns off, and its line. */
    private record Ignore(Set<String> rules, int line) {
    }

    /** The statements classified, each with the rules turned off for it ({@code ignores}, in the same order). */
    private static LintRevision classified(Revision r, String file, Dialect dialect, List<Statement> statements,
                                           List<Ignore> ignores) {
        List<LintStatement> out = new ArrayList<>();
        boolean transactional = r.transactional() && statements.stream().noneMatch(Statement::nonTransactional);
        for (int i = 0; i < statements.size(); i++) {
            Statement st = statements.get(i);
            String problem = transactional ? st.transactionControlProblem(dialect) : null;
            if (problem != null) {     // the run refuses it: so does lint, before the deploy
                throw new RetortException("Revision " + r.id() + " (" + file + ", line " + st.line() + "): " + problem);
            }
            Ignore ignore = ignores.get(i);
            out.add(new LintStatement(st.line(), st.sql(), SqlClassifier.classify(st.sql(), dialect), ignore.rules(),
                    ignore.rules().isEmpty() ? 0 : ignore.line()));
        }
        return new LintRevision(r.id(), file, transactional, out);
    }

    /**
     * A portable revision's upgrade: each operation's statements on the dialect. An operation that
     * SQLite does by rebuilding the table is checked as the PostgreSQL statement it stands for (the
     * rules look at the change, not at how SQLite makes it). {@code # retort:lint-ignore RULE reason}
     * on the line before an operation turns those rules off for its statements.
     */
    private static LintRevision portable(Revision r, Dialect dialect, String file) {
        List<Statement> statements = new ArrayList<>();
        List<Ignore> ignores = new ArrayList<>();
        for (Operation op : r.portable().upgrade()) {
            List<Rendered> rendered = Render.render(List.of(op), dialect);
            if (rendered.stream().anyMatch(item -> item instanceof Rendered.Live)) {
                rendered = Render.render(List.of(op), Dialect.POSTGRESQL);
            }
            Ignore ignored = new Ignore(ignored(r.portable().lintIgnores().getOrDefault(op.line() - 1, ""), file,
                    op.line() - 1), op.line() - 1);
            for (Rendered item : rendered) {
                List<Statement> split = item instanceof Rendered.Sql sql
                        ? List.of(new Statement(sql.sql(), sql.line(), sql.nonTransactional()))
                        : split(r, file, dialect, (Rendered.Script) item);
                statements.addAll(split);
                split.forEach(st -> ignores.add(ignored));
            }
        }
        return classified(r, file, dialect, statements, ignores);
    }

    private static List<Statement> split(Revision r, String file, Dialect dialect, Rendered.Script script) {
        try {
            return StatementSplitter.forDialect(dialect).split(script.sql(), script.line());
        } catch (RetortException e) {
            throw new RetortException("Revision " + r.id() + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** The rules a {@code -- retort:lint-ignore} line turns off; empty for any other line. */
    static Set<String> ignored(String line, String file, int lineNo) {
        Matcher m = IGNORE.matcher(line);
        if (!m.matches()) {
            return Set.of();
        }
        Matcher rr = RULES_AND_REASON.matcher(m.group(1));
        if (!rr.matches() || rr.group(2).isBlank()) {
            throw new RetortException(file + ":" + lineNo + ": '" + line.strip() + "' needs the rules and a reason:"
                    + " '-- retort:lint-ignore RULE[,RULE] why it is safe here'");
        }
        Set<String> rules = new LinkedHashSet<>();
        for (String id : rr.group(1).split(",")) {
            String rule = id.strip();
            if (Rules.byId(rule) == null) {
                List<String> ids = Rules.ALL.stream().map(Rule::id).toList();
                throw new RetortException(file + ":" + lineNo + ": unknown lint rule '" + rule + "' in '" + line.strip()
                        + "'" + Spelling.didYouMean(Spelling.nearestIgnoringCase(rule, ids)) + " (rules: "
                        + String.join(", ", ids) + ")");
            }
            rules.add(rule);
        }
        return rules;
    }
}
