package dev.retort.lint;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.db.Statement;
import dev.retort.db.StatementSplitter;
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
 * A SQL revision's upgrade section as lint input: split as it would run on the dialect, each
 * statement classified, and {@code -- retort:lint-ignore RULE[,RULE] reason} on the line before a
 * statement turning those rules off for it.
 */
public final class SqlRevisions {
    private SqlRevisions() {
    }

    private static final Pattern IGNORE = Pattern.compile("(?i)\\s*--\\s*retort:lint-ignore\\b(.*)");
    private static final Pattern RULES_AND_REASON = Pattern.compile("\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)(.*)");

    /** The lint input of a revision's upgrade on a dialect; null for an Alembic .py revision (not readable). */
    public static LintRevision of(Revision r, Dialect dialect) {
        if (r.python()) {
            return null;
        }
        String file = String.valueOf(r.location());
        Optional<SqlSection> section = r.section(true, dialect.id());
        if (section.isEmpty()) {
            return new LintRevision(r.id(), file, r.transactional(), List.of());
        }
        SqlSection s = section.get();
        List<Statement> split;
        try {
            split = StatementSplitter.forDialect(dialect).split(s.sql(), s.firstLine());
        } catch (RetortException e) {
            throw new RetortException("Revision " + r.id() + " (" + file + "): " + e.getMessage(), e);
        }
        String[] lines = s.sql().split("\n", -1);
        List<LintStatement> out = new ArrayList<>();
        boolean transactional = r.transactional() && split.stream().noneMatch(Statement::nonTransactional);
        for (Statement st : split) {
            String problem = transactional ? st.transactionControlProblem(dialect) : null;
            if (problem != null) {     // the run refuses it: so does lint, before the deploy
                throw new RetortException("Revision " + r.id() + " (" + file + ", line " + st.line() + "): " + problem);
            }
            int before = st.line() - 1 - s.firstLine();     // index in the section of the line before
            String comment = before >= 0 && before < lines.length ? lines[before] : "";
            out.add(new LintStatement(st.line(), st.sql(), SqlClassifier.classify(st.sql(), dialect),
                    ignored(comment, file, st.line() - 1)));
        }
        return new LintRevision(r.id(), file, transactional, out);
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
                throw new RetortException(file + ":" + lineNo + ": unknown lint rule '" + rule + "' in '" + line.strip()
                        + "'; rules: " + String.join(", ", Rules.ALL.stream().map(Rule::id).toList()));
            }
            rules.add(rule);
        }
        return rules;
    }
}
