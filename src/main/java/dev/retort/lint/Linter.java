package dev.retort.lint;

import dev.retort.api.Dialect;
import dev.retort.api.LintResult;
import dev.retort.api.LintResult.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the {@link Rules} over revisions in the order they would run. It keeps what the rules'
 * {@link Scope} needs as it goes: the tables and indexes the range has created so far, each
 * column's type, and the {@code NOT VALID} constraints added in the current transaction.
 */
public final class Linter {
    private Linter() {
    }

    /**
     * @param dialect        the database the revisions run on
     * @param postgresMajor  PostgreSQL's major version (11 when not connected)
     * @param catalogTypes   column types read from the database, table → column → type (empty with --all)
     * @param newPerRevision true with {@code --all}: a table is new only in the revision that creates it
     */
    public record Options(Dialect dialect, int postgresMajor, Map<String, Map<String, String>> catalogTypes,
                          boolean newPerRevision) {
    }

    private record NotValidAdd(Change.AddValidatedConstraint add, int line) {
    }

    /**
     * Checks the revisions; {@code pythonFiles} are the Alembic revisions of the range that were left
     * out (lint cannot read them), carried into the result.
     */
    public static LintResult lint(List<LintRevision> revisions, List<String> pythonFiles, Options o) {
        Set<String> created = new HashSet<>();
        Set<String> createdIndexes = new HashSet<>();
        Map<String, Map<String, String>> types = new HashMap<>();
        o.catalogTypes().forEach((t, cols) -> types.put(t, new LinkedHashMap<>(cols)));
        List<Finding> findings = new ArrayList<>();
        List<LintResult.Location> unparsed = new ArrayList<>();
        // each lint-ignore's rules, by revision and comment line: true once the rule found something there
        Map<LintResult.UnusedIgnore, Boolean> ignores = new LinkedHashMap<>();
        int statements = 0;
        boolean connected = !o.newPerRevision();
        for (LintRevision r : revisions) {
            if (o.newPerRevision()) {
                created.clear();
                createdIndexes.clear();
            }
            Map<String, NotValidAdd> notValid = new HashMap<>();
            for (LintStatement st : r.statements()) {
                statements++;
                if (st.changes().isEmpty()) {
                    unparsed.add(new LintResult.Location(r.file(), st.line()));
                    continue;       // nothing known about it: its lint-ignore is not judged either
                }
                // an ignore of a PostgreSQL rule in a revision written for both dialects is not unused on SQLite
                st.ignored().stream().filter(rule -> Rules.appliesTo(rule, o.dialect())).forEach(rule -> ignores
                        .putIfAbsent(new LintResult.UnusedIgnore(r.id(), r.file(), st.ignoreLine(), rule), false));
                for (Change c : st.changes().get()) {
                    Scope scope = scope(c, o, created, createdIndexes, types, notValid);
                    for (Rule rule : Rules.ALL) {
                        String message = rule.apply(c, scope);
                        if (message != null && st.ignored().contains(rule.id())) {
                            ignores.put(new LintResult.UnusedIgnore(r.id(), r.file(), st.ignoreLine(), rule.id()), true);
                            message = null;
                        }
                        if (message != null) {
                            findings.add(new Finding(r.id(), r.file(), st.line(), rule.id(), rule.severity(), message,
                                    rule.fixFor(c), st.text()));
                        }
                    }
                    // a guarded CREATE TABLE of a table that exists (or, with --all, may) creates nothing: the
                    // table stays one with data, which the rules judge
                    if (!(c instanceof Change.CreateTable t && t.ifNotExists() && !created.contains(t.table())
                            && (!connected || types.containsKey(t.table())))) {
                        remember(c, st.line(), r.transactional(), created, createdIndexes, types, notValid);
                    }
                }
            }
        }
        List<LintResult.UnusedIgnore> unused = ignores.entrySet().stream().filter(e -> !e.getValue())
                .map(Map.Entry::getKey).toList();
        return new LintResult(revisions.size(), statements, unparsed, findings, pythonFiles, unused);
    }

    private static Scope scope(Change c, Options o, Set<String> created, Set<String> createdIndexes,
                               Map<String, Map<String, String>> types, Map<String, NotValidAdd> notValid) {
        boolean newTable = c.table() != null && created.contains(c.table());
        boolean newIndex = c instanceof Change.DropIndex d && createdIndexes.contains(d.name());
        String oldType = c instanceof Change.ChangeColumnType t
                ? types.getOrDefault(t.table(), Map.of()).get(t.column()) : null;
        NotValidAdd add = c instanceof Change.ValidateConstraint v ? notValid.get(v.table() + "." + v.name()) : null;
        return new Scope(o.dialect(), o.postgresMajor(), newTable, newIndex, oldType, add == null ? null : add.add(),
                add == null ? 0 : add.line());
    }

    private static void remember(Change c, int line, boolean transactional, Set<String> created,
                                 Set<String> createdIndexes, Map<String, Map<String, String>> types,
                                 Map<String, NotValidAdd> notValid) {
        if (c instanceof Change.CreateTable t) {
            created.add(t.table());
            types.put(t.table(), new LinkedHashMap<>(t.columnTypes()));
        } else if (c instanceof Change.RenameTable t) {
            if (created.remove(t.table())) {
                created.add(t.newName());
            }
            Map<String, String> cols = types.remove(t.table());
            if (cols != null) {
                types.put(t.newName(), cols);
            }
        } else if (c instanceof Change.DropTable t) {
            created.remove(t.table());
            types.remove(t.table());
        } else if (c instanceof Change.AddColumn a) {
            types.computeIfAbsent(a.table(), k -> new LinkedHashMap<>()).put(a.column(), a.type());
        } else if (c instanceof Change.DropColumn d) {
            types.getOrDefault(d.table(), new HashMap<>()).remove(d.column());
        } else if (c instanceof Change.RenameColumn r) {
            Map<String, String> cols = types.get(r.table());
            if (cols != null && cols.containsKey(r.column())) {
                cols.put(r.newName(), cols.remove(r.column()));
            }
        } else if (c instanceof Change.ChangeColumnType t) {
            types.computeIfAbsent(t.table(), k -> new LinkedHashMap<>()).put(t.column(), t.newType());
        } else if (c instanceof Change.CreateIndex i && i.name() != null) {
            createdIndexes.add(i.name());
        } else if (c instanceof Change.DropIndex d) {
            createdIndexes.remove(d.name());
        } else if (c instanceof Change.AddValidatedConstraint a && a.notValid() && transactional && a.name() != null) {
            // a later VALIDATE in this transaction would scan while the ADD's lock is held
            notValid.put(a.table() + "." + a.name(), new NotValidAdd(a, line));
        }
    }
}
