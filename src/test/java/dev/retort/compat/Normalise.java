package dev.retort.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalisations applied to BOTH sides' output before comparing. Each one removes an order that
 * Alembic 1.8.1 takes from a Python set (so it changes with PYTHONHASHSEED and is documented as
 * unspecified in alembic-behaviour.md §2.4, §4.3, §8); nothing else is normalised.
 */
final class Normalise {
    private Normalise() {
    }

    /** What kind of output a command prints, which decides the normalisations. */
    enum Kind {
        /** upgrade/downgrade/stamp online: nothing on stdout. */
        ONLINE,
        /** {@code current}: one line per branch tip, set order → lines sorted. */
        CURRENT,
        /** heads, history, show: label lists sorted. */
        LISTING,
        /** branches: label lists and the children lines of each branch point sorted. */
        BRANCHES,
        /** --sql output: exact, or equal after {@link #offlineCanonical}. */
        OFFLINE_SQL
    }

    /**
     * (1) Label lists: {@code rev (L2, L1)} — the labels come from a set (§2.4, §8.1). A
     * parenthesised group after the line's last {@code " -> "} (or anywhere when there is none)
     * whose items are all known branch labels is sorted. Dependency groups ({@code a2 (b1) -> b2})
     * stand before the arrow and keep their declared order. Also {@code Branch names:} lines.
     * (2) {@code Branches into:} lines of verbose blocks: the children are a set (§8.2) → sorted.
     */
    static String labelLists(String text, Set<String> labels) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("Branch names: ") || line.startsWith("Branches into: ")) {
                int colon = line.indexOf(": ") + 2;
                lines[i] = line.substring(0, colon) + sortedItems(line.substring(colon));
                continue;
            }
            int arrow = line.lastIndexOf(" -> ");
            int from = arrow < 0 ? 0 : arrow;
            Matcher m = Pattern.compile("\\(([^()]+)\\)").matcher(line);
            StringBuilder sb = new StringBuilder();
            int last = 0;
            while (m.find()) {
                if (m.start() < from) {
                    continue;
                }
                String[] items = m.group(1).split(", ");
                if (items.length > 1 && Arrays.stream(items).allMatch(labels::contains)) {
                    sb.append(line, last, m.start()).append('(').append(sortedItems(m.group(1))).append(')');
                    last = m.end();
                }
            }
            sb.append(line.substring(last));
            lines[i] = sb.toString();
        }
        return String.join("\n", lines);
    }

    private static String sortedItems(String csv) {
        List<String> items = new ArrayList<>(Arrays.asList(csv.split(", ")));
        items.sort(null);
        return String.join(", ", items);
    }

    /** (3) {@code current}: the printed tips are a set (§8.3) → lines sorted. */
    static String sortedLines(String text) {
        if (text.isEmpty()) {
            return text;
        }
        boolean nl = text.endsWith("\n");
        List<String> lines = new ArrayList<>(Arrays.asList((nl ? text.substring(0, text.length() - 1) : text).split("\n", -1)));
        lines.sort(null);
        return String.join("\n", lines) + (nl ? "\n" : "");
    }

    /**
     * (4) {@code branches}: the {@code "   -> child"} lines of one branch point are a set (§8.3) →
     * sorted. With {@code -v} a child line may be followed by the rest of a multi-line first
     * paragraph of its docstring; those lines move with their child line.
     */
    static String branchChildren(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>(); // each item: a child line plus its continuation lines
        for (String line : lines) {
            if (line.matches(" + -> .*")) {
                run.add(line);
            } else if (!run.isEmpty() && !line.isEmpty()) {
                run.set(run.size() - 1, run.get(run.size() - 1) + "\n" + line);
            } else {
                run.sort(null);
                out.addAll(run);
                run.clear();
                out.add(line);
            }
        }
        run.sort(null);
        out.addAll(run);
        return String.join("\n", out);
    }

    static String apply(Kind kind, String text, Set<String> labels) {
        return switch (kind) {
            case ONLINE, OFFLINE_SQL -> text;
            case CURRENT -> sortedLines(text);
            case LISTING -> labelLists(text, labels);
            case BRANCHES -> branchChildren(labelLists(text, labels));
        };
    }

    private static final Pattern INSERT = Pattern.compile(
            "INSERT INTO alembic_version \\(version_num\\) VALUES \\('([^']*)'\\)( RETURNING alembic_version.version_num)?;");
    private static final Pattern UPDATE = Pattern.compile(
            "UPDATE alembic_version SET version_num='([^']*)' WHERE alembic_version.version_num = '([^']*)';");
    private static final Pattern DELETE = Pattern.compile(
            "DELETE FROM alembic_version WHERE alembic_version.version_num = '([^']*)';");

    /**
     * (5) Offline SQL: when a merge or unmerge step runs while other, unrelated rows exist, WHICH
     * parent row Alembic deletes and which it updates follows set order (§4.3), and so does which
     * of several stamp sources is updated. The canonical form keeps every line except the
     * version-table INSERT/UPDATE/DELETE statements, and after each step records the set of rows
     * those statements produce (a statement that does not apply, e.g. UPDATE of a missing row, is
     * kept verbatim). Version-table statements must still have Alembic's exact text, see
     * {@link #nonAlembicVersionStatements}.
     */
    static String offlineCanonical(String sql) {
        return offlineCanonical(sql, Set.of());
    }

    /**
     * As {@link #offlineCanonical(String)}, starting from {@code initial} rows: an offline range
     * {@code FROM:TO} starts from the rows FROM stands for, which the output never prints. The
     * caller passes the union of {@link #inferInitialRows} of both outputs.
     */
    static String offlineCanonical(String sql, Set<String> initial) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> rows = new TreeSet<>(initial);
        boolean pending = false;
        boolean returning = false;
        for (String chunk : sql.split("\n\n", -1)) {
            String s = chunk.trim();
            if (s.isEmpty()) {
                continue;
            }
            Matcher mi = INSERT.matcher(s);
            Matcher mu = UPDATE.matcher(s);
            Matcher md = DELETE.matcher(s);
            if (mi.matches() && !rows.contains(mi.group(1))) {
                rows.add(mi.group(1));
                if (mi.group(2) != null) {
                    // PostgreSQL: Alembic's INSERT ends in RETURNING (SQLAlchemy 1.4 implicit_returning);
                    // the form stays visible in the canonical text
                    returning = true;
                }
                pending = true;
            } else if (mu.matches() && rows.contains(mu.group(2)) && !rows.contains(mu.group(1))) {
                rows.remove(mu.group(2));
                rows.add(mu.group(1));
                pending = true;
            } else if (md.matches() && rows.contains(md.group(1))) {
                rows.remove(md.group(1));
                pending = true;
            } else {
                if (pending) {
                    sb.append("[rows ").append(String.join(", ", rows)).append(returning ? "; INSERT ... RETURNING" : "")
                            .append("]\n");
                    pending = false;
                    returning = false;
                }
                if (mi.matches() || mu.matches() || md.matches()) {
                    sb.append("[not applicable] ");
                }
                sb.append(s).append('\n');
            }
        }
        if (pending) {
            sb.append("[rows ").append(String.join(", ", rows)).append(returning ? "; INSERT ... RETURNING" : "")
                    .append("]\n");
        }
        return sb.toString();
    }

    /** Rows an offline script UPDATEs or DELETEs before it has INSERTed them: its starting rows. */
    static Set<String> inferInitialRows(String sql) {
        Set<String> seen = new java.util.HashSet<>();
        Set<String> initial = new TreeSet<>();
        for (String chunk : sql.split("\n\n", -1)) {
            String s = chunk.trim();
            Matcher mi = INSERT.matcher(s);
            Matcher mu = UPDATE.matcher(s);
            Matcher md = DELETE.matcher(s);
            if (mi.matches()) {
                seen.add(mi.group(1));
            } else if (mu.matches()) {
                if (seen.add(mu.group(2))) {
                    initial.add(mu.group(2));
                }
                seen.add(mu.group(1));
            } else if (md.matches() && seen.add(md.group(1))) {
                initial.add(md.group(1));
            }
        }
        return initial;
    }

    private static final Pattern OVERLAPS = Pattern.compile(
            "^Requested revision \\S+ overlaps with other requested revisions .*$");
    private static final Pattern PY_TUPLE = Pattern.compile("\\(('[^']*'(?:, '[^']*')+)\\)");

    /**
     * (6) FAILED messages: {@code Requested revision X overlaps with other requested revisions
     * A, B} — X is the first of the current rows (in the order the SELECT returned them, no ORDER
     * BY) whose ancestry meets another row, A, B a Python set (revision.py
     * _iterate_related_revisions); both depend on the physical row order of each database, so only
     * the kind of error is compared (it arises only with inconsistent rows, which only stamp
     * creates); and
     * {@code Requested range X:('r1', 'r2') does not refer...} shows the version rows in the order
     * the SELECT (no ORDER BY) returned them → the tuple items are sorted.
     */
    static String failedMessage(String message) {
        if (message == null) {
            return null;
        }
        if (OVERLAPS.matcher(message).matches()) {
            return "Requested revision <one row> overlaps with other requested revisions <other rows>";
        }
        Matcher t = PY_TUPLE.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (t.find()) {
            t.appendReplacement(sb, Matcher.quoteReplacement("(" + sortedItems(t.group(1)) + ")"));
        }
        t.appendTail(sb);
        return sb.toString();
    }

    /** Lines touching alembic_version that are not one of Alembic's three exact statement forms. */
    static List<String> nonAlembicVersionStatements(String sql) {
        List<String> bad = new ArrayList<>();
        for (String chunk : sql.split("\n\n", -1)) {
            String s = chunk.trim();
            if (s.isEmpty() || s.startsWith("CREATE TABLE alembic_version") || s.startsWith("DROP TABLE alembic_version")
                    || s.startsWith("--")) {
                continue;
            }
            if (s.contains("alembic_version") && !(INSERT.matcher(s).matches() || UPDATE.matcher(s).matches()
                    || DELETE.matcher(s).matches())) {
                bad.add(s);
            }
        }
        return bad;
    }
}
