package dev.retort.compat;

import dev.retort.compat.Normalise.Kind;
import dev.retort.compat.ProjectWriter.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the same command lines with Alembic (on the {@code .py} project and its own SQLite file)
 * and with retort (on the {@code .sql} directory — or the same {@code .py} directory — and its
 * own SQLite file), and records every difference.
 *
 * <p>Compared: success vs failure (Alembic 0 ↔ retort 0; Alembic 255 ↔ retort non-zero with the
 * same text after {@code FAILED: }; Alembic 1, i.e. a traceback, ↔ retort must fail cleanly:
 * non-zero, a {@code FAILED:} line, no exception, nothing changed), stdout after
 * {@link Normalise}, and for online upgrade/downgrade/stamp the version rows (sorted) and the
 * log entries that the command appended, in order. stderr is never compared (Alembic's INFO
 * lines and warnings go there).
 *
 * <p>After a difference in rows, retort's rows are reset to Alembic's so later operations are
 * still meaningful; each difference is reported with the rows before the command, which is a
 * complete reproduction together with the graph.
 */
final class CompatSession {
    private final AlembicDriver alembic;
    private final Graph graph;
    private final Project project;
    private final Path retortRevisions;
    private final Dialect dialect;
    private final Db.Target alembicDb;
    private final Db.Target retortDb;
    private final Set<String> labels;
    private final String context;
    private final List<String> mismatches = new ArrayList<>();
    private int operations;
    private Outcome lastAlembic;
    private Outcome lastRetort;

    CompatSession(AlembicDriver alembic, Graph graph, Project project, Path retortRevisions, String context) {
        this(alembic, graph, project, retortRevisions, context, Dialect.SQLITE);
    }

    /** As above, on two new databases of {@code dialect} (PostgreSQL: two fresh databases on the test server). */
    CompatSession(AlembicDriver alembic, Graph graph, Project project, Path retortRevisions, String context,
            Dialect dialect) {
        this.alembic = alembic;
        this.dialect = dialect;
        this.graph = graph;
        this.project = project;
        this.retortRevisions = retortRevisions;
        this.alembicDb = Db.Target.create(dialect, project.root(), "alembic");
        this.retortDb = Db.Target.create(dialect, project.root(), "retort");
        this.labels = graph.labels();
        this.context = context;
        Db.createLogTable(alembicDb);
        Db.createLogTable(retortDb);
    }

    Dialect dialect() {
        return dialect;
    }

    Db.Target alembicDb() {
        return alembicDb;
    }

    Db.Target retortDb() {
        return retortDb;
    }

    List<String> mismatches() {
        return mismatches;
    }

    Outcome lastAlembic() {
        return lastAlembic;
    }

    Outcome lastRetort() {
        return lastRetort;
    }

    int operations() {
        return operations;
    }

    Outcome runAlembic(Db.Target db, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("-c", project.ini().toString(), "-x", "dburl=" + db.alembicUrl()));
        argv.addAll(command);
        AlembicDriver.Result r = alembic.run(project.root(), argv);
        return new Outcome("alembic", r.exit(), r.stdout(), r.stderr(), null);
    }

    Outcome runRetort(Db.Target db, List<String> command) {
        if (SELF_CHECK) {
            // harness self-check: the "retort" side is Alembic again, on retort's database file,
            // dressed up as retort would answer (FAILED on stderr, exit 1)
            Outcome a = runAlembic(db, command);
            String failed = a.exit() == 255 ? "FAILED: " + a.failedMessage() + "\n" : "";
            int exit = a.exit() == 255 ? 1 : a.exit();
            String err = a.exit() == 1 ? "FAILED: " + lastLine(a.stderr()) + "\n" : failed;
            return new Outcome("retort", exit, a.stdoutWithoutFailed(), err, null);
        }
        return RetortCli.run(db, retortRevisions, command);
    }

    /**
     * {@code -Dretort.compat.selfCheck=true}: run Alembic on both sides. Every comparison must
     * then pass; this proves the harness (driver, writers, normalisations) before blaming retort.
     */
    static final boolean SELF_CHECK = Boolean.getBoolean("retort.compat.selfCheck");

    /** {@code -Dretort.compat.dump=true}: print every Alembic command and its stdout to stderr. */
    static final boolean DUMP = Boolean.getBoolean("retort.compat.dump");

    static Kind kindOf(List<String> command) {
        String cmd = command.get(0);
        boolean sql = command.contains("--sql");
        return switch (cmd) {
            case "upgrade", "downgrade", "stamp" -> sql ? Kind.OFFLINE_SQL : Kind.ONLINE;
            case "current" -> Kind.CURRENT;
            case "branches" -> Kind.BRANCHES;
            default -> Kind.LISTING;
        };
    }

    /** Runs one command on both sides and compares; returns true when they agree. */
    boolean compare(List<String> command) {
        operations++;
        Kind kind = kindOf(command);
        boolean mutates = kind == Kind.ONLINE;
        equaliseRowOrder();
        List<String> rowsBefore = Db.versionRows(alembicDb);
        List<String> retortRowsBefore = Db.versionRows(retortDb);
        int logA0 = Db.log(alembicDb).size();
        int logR0 = Db.log(retortDb).size();

        Outcome a = runAlembic(alembicDb, command);
        Outcome r = runRetort(retortDb, command);
        Stats.count(command, a);
        lastAlembic = a;
        lastRetort = r;
        if (DUMP) {
            System.err.println("$ alembic " + String.join(" ", command) + "   [exit " + a.exit() + "]\n" + a.stdout());
        }
        List<String> problems = new ArrayList<>(compareOutcomes(kind, a, r, labels, dialect));

        List<String> rowsA = Db.versionRows(alembicDb);
        List<String> rowsR = Db.versionRows(retortDb);
        List<String> logA = tail(Db.log(alembicDb), logA0);
        List<String> logR = tail(Db.log(retortDb), logR0);
        if (mutates || !rowsR.equals(retortRowsBefore) || !logR.isEmpty()) {
            boolean failedPurge = !SELF_CHECK && command.contains("--purge") && a.exit() != 0 && r.exit() != 0;
            if (a.isTraceback() || failedPurge) {
                // (in the self-check the "retort" side is Alembic, which may crash half-way)
                // A documented difference: Alembic's "stamp --purge" empties the table before it
                // resolves the targets, so a bad target leaves it empty; retort plans first and a bad
                // target changes nothing.
                if (!SELF_CHECK && (!rowsR.equals(retortRowsBefore) || !logR.isEmpty())) {
                    problems.add("retort changed the database although it should have failed cleanly: rows "
                            + Graph.join(retortRowsBefore) + " -> " + Graph.join(rowsR) + ", ran " + logR);
                }
            } else {
                if (!rowsA.equals(rowsR)) {
                    problems.add("version rows after: alembic " + Graph.join(rowsA) + ", retort " + Graph.join(rowsR));
                }
                if (!logA.equals(logR)) {
                    problems.add("revisions run (log, in order): alembic " + logA + ", retort " + logR);
                }
            }
        }
        if (!problems.isEmpty()) {
            mismatches.add(report(command, rowsBefore, a, r, problems));
        }
        if (!rowsA.equals(rowsR)) {
            // resynchronise (see class comment), keeping Alembic's physical row order, which
            // decides `downgrade -1` with several rows
            Db.setVersionRows(retortDb, Db.versionRowsUnsorted(alembicDb));
        }
        return problems.isEmpty();
    }

    /**
     * Both tools read the version rows with a SELECT without ORDER BY, and {@code downgrade -1}
     * with several rows uses the first one (alembic-behaviour.md §3.3) — as does which row
     * Alembic names in some errors. The physical order of equal row sets legitimately differs
     * (merge steps may update either parent row, §4.3), so before each command retort's table is
     * rewritten in the order Alembic's SELECT returns, when the sets are equal.
     */
    private void equaliseRowOrder() {
        List<String> ua = Db.versionRowsUnsorted(alembicDb);
        List<String> ur = Db.versionRowsUnsorted(retortDb);
        if (!ua.equals(ur) && Db.versionRows(alembicDb).equals(Db.versionRows(retortDb)) && !ua.isEmpty()) {
            Db.setVersionRows(retortDb, ua);
        }
    }

    private static List<String> tail(List<String> l, int from) {
        return new ArrayList<>(l.subList(Math.min(from, l.size()), l.size()));
    }

    /** Exit status, FAILED text and normalised stdout (SQLite rules). */
    static List<String> compareOutcomes(Kind kind, Outcome a, Outcome r, Set<String> labels) {
        return compareOutcomes(kind, a, r, labels, Dialect.SQLITE);
    }

    /**
     * {@code -Dretort.compat.pg.strictFailedSqlPrefix=true}: report the documented PostgreSQL
     * difference of {@link #isBeginBeforeFailure} as a mismatch.
     */
    static final boolean STRICT_BEGIN_BEFORE_FAILURE = Boolean.getBoolean("retort.compat.pg.strictFailedSqlPrefix");

    /** How often the documented difference of {@link #isBeginBeforeFailure} was seen (printed at the end). */
    static final java.util.concurrent.atomic.AtomicInteger BEGIN_BEFORE_FAILURE = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A documented difference on PostgreSQL (transactional DDL): an offline {@code --sql} command
     * that FAILs (unknown or ambiguous target, multiple heads...) has already printed
     * {@code BEGIN;} with Alembic, whose env.py opens the transaction before the revisions are
     * resolved; retort resolves first and prints nothing. Only this exact case is accepted: Alembic
     * printed nothing but {@code "BEGIN;\n\n"} before FAILED, retort nothing, same FAILED text.
     */
    static boolean isBeginBeforeFailure(Dialect dialect, Kind kind, String alembicBefore, String retortBefore) {
        return dialect == Dialect.POSTGRESQL && kind == Kind.OFFLINE_SQL && alembicBefore.equals("BEGIN;\n\n")
                && retortBefore.isEmpty();
    }

    /** Exit status, FAILED text and normalised stdout. */
    static List<String> compareOutcomes(Kind kind, Outcome a, Outcome r, Set<String> labels, Dialect dialect) {
        List<String> problems = new ArrayList<>();
        if (r.crash() != null) {
            problems.add("retort threw instead of returning an exit status: " + r.crash());
            return problems;
        }
        if (a.exit() == 0) {
            if (r.exit() != 0) {
                problems.add("alembic succeeded, retort failed (exit " + r.exit() + ")");
            }
            String na = Normalise.apply(kind, a.stdout(), labels);
            String nr = Normalise.apply(kind, r.stdout(), labels);
            if (kind == Kind.OFFLINE_SQL && !na.equals(nr)) {
                java.util.Set<String> initial = new java.util.TreeSet<>(Normalise.inferInitialRows(a.stdout()));
                initial.addAll(Normalise.inferInitialRows(r.stdout()));
                String ca = Normalise.offlineCanonical(a.stdout(), initial);
                String cr = Normalise.offlineCanonical(r.stdout(), initial);
                List<String> bad = Normalise.nonAlembicVersionStatements(r.stdout());
                if (!ca.equals(cr)) {
                    problems.add("--sql output differs (also after normalising which merge row is updated):\n"
                            + diff(a.stdout(), r.stdout()));
                } else if (!bad.isEmpty()) {
                    problems.add("--sql version-table statements not in Alembic's form: " + bad);
                }
            } else if (!na.equals(nr)) {
                problems.add("stdout differs" + (kind == Kind.ONLINE ? "" : " (after normalisation " + kind + ")")
                        + ":\n" + diff(na, nr));
            }
        } else if (a.exit() == 255) {
            if (r.exit() == 0) {
                problems.add("alembic failed (FAILED: " + a.failedMessage() + "), retort succeeded");
            } else {
                String ma = Normalise.failedMessage(a.failedMessage());
                String mr = Normalise.failedMessage(r.failedMessage());
                if (!Objects.equals(ma, mr)) {
                    problems.add("FAILED message differs:\n      alembic: " + ma + "\n      retort:  " + mr);
                }
                String sa = Normalise.apply(kind, a.stdoutWithoutFailed(), labels);
                String sr = Normalise.apply(kind, r.stdout(), labels);
                if (!sa.equals(sr) && !STRICT_BEGIN_BEFORE_FAILURE && Objects.equals(ma, mr)
                        && isBeginBeforeFailure(dialect, kind, sa, sr)) {
                    BEGIN_BEFORE_FAILURE.incrementAndGet();
                } else if (!sa.equals(sr)) {
                    problems.add("stdout before the failure differs:\n" + diff(sa, sr));
                }
            }
        } else if (a.exit() == 1) {
            // Alembic crashed with a traceback (KeyError, AssertionError...): retort must fail cleanly.
            if (r.exit() == 0) {
                problems.add("alembic crashed (traceback: " + lastLine(a.stderr()) + "); retort succeeded instead of failing cleanly");
            } else if (r.failedMessage() == null) {
                problems.add("alembic crashed (traceback: " + lastLine(a.stderr()) + "); retort failed without a 'FAILED:' line on stderr");
            }
        } else {
            if (r.exit() != a.exit()) {
                problems.add("exit status: alembic " + a.exit() + ", retort " + r.exit());
            }
        }
        return problems;
    }

    static String lastLine(String s) {
        String t = s.strip();
        int i = t.lastIndexOf('\n');
        return i < 0 ? t : t.substring(i + 1);
    }

    /** A line diff good enough for short outputs: both texts side by side with markers. */
    static String diff(String a, String b) {
        String[] la = a.split("\n", -1);
        String[] lb = b.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        int n = Math.max(la.length, lb.length);
        for (int i = 0; i < n; i++) {
            String x = i < la.length ? la[i] : "<none>";
            String y = i < lb.length ? lb[i] : "<none>";
            if (x.equals(y)) {
                sb.append("        = ").append(x).append('\n');
            } else {
                sb.append("        A ").append(x).append('\n');
                sb.append("        R ").append(y).append('\n');
            }
        }
        return sb.toString();
    }

    private String report(List<String> command, List<String> rowsBefore, Outcome a, Outcome r, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append("=== MISMATCH in ").append(graph.name()).append(" [").append(dialect.label()).append(context.isEmpty() ? "" : ", " + context).append("]").append('\n');
        sb.append("graph (file-name order = map order; id <- down revisions [labels] dep(depends_on)):\n");
        sb.append(graph.compact()).append('\n');
        sb.append("rows before: ").append(Graph.join(rowsBefore)).append('\n');
        sb.append("command: ").append(String.join(" ", command)).append('\n');
        sb.append("problems:\n");
        for (String p : problems) {
            sb.append("  - ").append(p).append('\n');
        }
        sb.append(a.render());
        sb.append(r.render());
        return sb.toString();
    }
}
