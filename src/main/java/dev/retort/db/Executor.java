package dev.retort.db;

import dev.retort.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.RowChange;
import dev.retort.graph.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a plan on a live database. Each step's statements and its version-table change commit in one
 * transaction (on SQLite too), so a failing revision leaves nothing of itself behind and the
 * database stays at the last revision that completed. A revision marked
 * {@code Transactional: false} runs its statements in autocommit, then commits its row change.
 */
public final class Executor {
    private final Database db;
    private final VersionTable table;
    private final Consumer<String> log;

    public Executor(Database db, VersionTable table, Consumer<String> log) {
        this.db = db;
        this.table = table;
        this.log = log;
    }

    /** Creates the version table if it is missing, in its own transaction. */
    private void ensureTable() {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false);
            if (!table.exists(c)) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(table.createSql());
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw new RetortException("Can't create the version table " + table.qualified() + ": " + e.getMessage(), e);
        }
    }

    /** {@code stamp --purge}: empties the version table (creating it if missing). */
    public void purge() {
        ensureTable();
        Connection c = db.connection();
        try (java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + table.qualified());
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw new RetortException("Can't empty the version table " + table.qualified() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs every step of the plan; stops at the first failure, which is rolled back. Every
     * revision's SQL is read and split before anything is changed, and the version table is
     * created (as Alembic does) when missing.
     */
    public void run(Plan plan) {
        List<List<Statement>> bodies = new ArrayList<>();
        for (Step step : plan.steps()) {
            bodies.add(StepSql.statements(step, db.dialect()));
        }
        ensureTable();
        for (int i = 0; i < plan.steps().size(); i++) {
            runStep(plan.steps().get(i), bodies.get(i));
        }
    }

    private void runStep(Step step, List<Statement> statements) {
        Connection c = db.connection();
        boolean transactional = step.revision() == null || step.revision().transactional();
        log.accept(step.logLine());
        Statement current = null;
        try {
            c.setAutoCommit(!transactional);
            try (java.sql.Statement st = c.createStatement()) {
                for (Statement s : statements) {
                    current = s;
                    st.execute(s.sql());
                }
                current = null;
                c.setAutoCommit(false);
                for (RowChange change : step.rowChanges()) {
                    table.apply(c, change);
                }
            }
            c.commit();
        } catch (SQLException | RetortException e) {
            rollback(c);
            throw failure(step, current, e, transactional);
        }
    }

    private RetortException failure(Step step, Statement failed, Exception e, boolean transactional) {
        String where = step.revision() == null ? "stamp" : "Revision " + step.revision().id()
                + (step.revision().path() == null ? "" : " (" + step.revision().path()
                + (failed == null ? "" : ", line " + failed.line()) + ")");
        String state = transactional
                ? " The revision was rolled back; the database is at " + describe(step.rowsBefore()) + "."
                : " The revision is marked Transactional: false, so statements before the failing one stay"
                + " applied; the version table is still at " + describe(step.rowsBefore()) + ".";
        return new RetortException(where + " failed during " + step.shortLog() + ": " + e.getMessage() + state, e);
    }

    private static String describe(List<String> rows) {
        return rows.isEmpty() ? "base" : "revision " + String.join(", ", rows);
    }

    private static void rollback(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the original error matters more
        }
    }
}
