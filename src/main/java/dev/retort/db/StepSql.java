package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.RowChange;
import dev.retort.graph.Step;
import dev.retort.ops.Render;
import dev.retort.ops.Rendered;
import dev.retort.script.Revision;
import dev.retort.script.SqlSection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A step on a database: the statements it runs, cut from its revision file, and the one loop that
 * runs them and then its version-row changes (for the online {@link Executor} and for
 * {@link PlanInTransaction}).
 */
final class StepSql {
    private StepSql() {
    }

    /** A statement of a step failed: the database's error, with the statement (for its line). */
    static final class StatementFailed extends SQLException {
        private final transient Statement statement;

        StatementFailed(Statement statement, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.statement = statement;
        }

        /** The statement that failed in this exception, or null when something else failed. */
        static Statement of(Exception e) {
            return e instanceof StatementFailed f ? f.statement : null;
        }

        /** The database's own exception, for the cause chain. */
        static Exception unwrap(Exception e) {
            return e instanceof StatementFailed f ? (Exception) f.getCause() : e;
        }
    }

    /**
     * Runs a step on {@code c}: its statements, then its version-row changes. The row changes run
     * in a transaction (a step whose statements ran in autocommit opens it here); nothing commits
     * at the end. In a transactional revision a statement that can't run in a transaction (CREATE
     * INDEX CONCURRENTLY) commits what is open, runs in autocommit, and a new transaction follows,
     * as Alembic's autocommit_block: only that statement runs outside ({@link #committedBefore}).
     *
     * @throws StatementFailed when one of the statements fails
     */
    static void run(Connection c, Step step, List<Statement> statements, VersionTable table) throws SQLException {
        boolean transactional = step.revision() == null || step.revision().transactional();
        try (java.sql.Statement st = c.createStatement()) {
            for (Statement s : statements) {
                StopRequest.refuseAfterStop();
                if (transactional && c.getAutoCommit() != s.nonTransactional()) {
                    c.setAutoCommit(s.nonTransactional());     // to autocommit: commits the statements before
                }
                try {
                    s.run(st);
                } catch (SQLException e) {
                    throw new StatementFailed(s, e);
                } catch (RetortException e) {  // a portable revision's SQLite rebuild, failing with its row named
                    throw new StatementFailed(s, new SQLException(e.getMessage(), e));
                }
            }
        }
        c.setAutoCommit(false);
        for (RowChange change : step.rowChanges()) {
            table.apply(c, change);
        }
    }

    /** "Revision X (path, line N)" (the line of the failed statement, if any), or "stamp": what failed. */
    static String where(Step step, Statement failed) {
        Revision r = step.revision();
        if (r == null) {
            return "stamp";
        }
        return "Revision " + r.id() + (r.location() == null ? "" : " (" + r.location()
                + (failed == null ? "" : ", line " + failed.line()) + ")");
    }

    /**
     * The statements of a step that stay applied when {@code failed} fails: those committed before it.
     * All before it in a {@code Transactional: false} revision; in a transactional one, those up to
     * the last statement that ran outside a transaction (the rest rolled back with the failure).
     */
    static List<Statement> committedBefore(Step step, List<Statement> statements, Statement failed) {
        int end = failed == null ? statements.size() : statements.indexOf(failed);
        if (step.revision() != null && !step.revision().transactional()) {
            return statements.subList(0, end);
        }
        for (int i = end; i >= 0; i--) {
            if (i < statements.size() && statements.get(i).nonTransactional()) {
                return statements.subList(0, i == end ? i : i + 1);     // the failing one itself ran in autocommit
            }
        }
        return List.of();
    }

    /**
     * True if some of the step runs outside a transaction: its revision says {@code Transactional:
     * false}, or one of its statements cannot run in one (CREATE INDEX CONCURRENTLY, VACUUM, ...).
     */
    static boolean outsideTransaction(Step step, List<Statement> statements) {
        return (step.revision() != null && !step.revision().transactional())
                || statements.stream().anyMatch(Statement::nonTransactional);
    }

    /** Every step's statements, in plan order: all read and split before anything runs or is written. */
    static List<List<Statement>> statements(Plan plan, Dialect dialect) {
        List<List<Statement>> bodies = new ArrayList<>();
        for (Step step : plan.steps()) {
            List<Statement> body = statements(step, dialect);
            if (!outsideTransaction(step, body)) {
                refuseTransactionControl(step, body, dialect);
            }
            bodies.add(body);
        }
        return bodies;
    }

    /** A COMMIT (BEGIN, ROLLBACK, ...) in a revision run in a transaction would leave it half-applied on failure. */
    private static void refuseTransactionControl(Step step, List<Statement> body, Dialect dialect) {
        for (Statement s : body) {
            String problem = s.transactionControlProblem(dialect);
            if (problem != null) {
                throw new RetortException(where(step, s) + ": " + problem);
            }
        }
    }

    /** A step of an Alembic Python revision can't run here: the error, before anything is changed. */
    private static void refusePython(Step step) {
        if (step.revision() != null && step.revision().python()) {
            throw new RetortException(where(step, null) + " is an Alembic Python revision;"
                    + " retort reads its header but does not run Python code. Run this step with Alembic, or"
                    + " rewrite the revision as SQL. Nothing was changed.");
        }
    }

    /** The statements of a step (none for a stamp step or an empty section). */
    static List<Statement> statements(Step step, Dialect dialect) {
        Revision r = step.revision();
        if (r == null) {
            return List.of();
        }
        refusePython(step);
        boolean up = step.direction() == Step.Direction.UPGRADE;
        if (r.portable() != null) {
            return portable(r, up, dialect);
        }
        SqlSection section = r.section(up, dialect.id()).orElse(null);
        if (section == null) {
            return List.of();
        }
        try {
            return StatementSplitter.forDialect(dialect).split(section.sql(), section.firstLine());
        } catch (RetortException e) {
            throw new RetortException(where(step, null) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A portable revision's statements: its operations rendered for the dialect, {@code execute}'s
     * SQL split as a SQL revision's, the SQLite rebuilds as live statements.
     */
    static List<Statement> portable(Revision r, boolean up, Dialect dialect) {
        List<Statement> out = new ArrayList<>();
        for (Rendered item : Render.render(r.portable().operations(up), dialect)) {
            if (item instanceof Rendered.Sql s) {
                out.add(new Statement(s.sql(), s.line(), s.nonTransactional()));
            } else if (item instanceof Rendered.Live l) {
                out.add(new Statement(l.step().describe(), l.line(), false, l.step()));
            } else {
                Rendered.Script script = (Rendered.Script) item;
                try {
                    out.addAll(StatementSplitter.forDialect(dialect).split(script.sql(), script.line()));
                } catch (RetortException e) {
                    throw new RetortException("Revision " + r.id() + " (" + r.location() + "): " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** True when a statement is a SQLite rebuild (which needs PRAGMA foreign_keys off around its transaction). */
    static boolean rebuilds(List<Statement> statements) {
        return statements.stream().anyMatch(s -> s.live() != null);
    }
}
