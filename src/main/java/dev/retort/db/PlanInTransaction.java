package dev.retort.db;

import dev.retort.api.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a plan inside the caller's open transaction and never commits: the caller decides. Used by
 * {@code retort copy} to create the target's schema in the same transaction as the data, so a
 * failure leaves the target exactly as it was. Steps that must run outside a transaction are refused
 * before anything runs.
 */
public final class PlanInTransaction {
    private PlanInTransaction() {
    }

    /**
     * Creates the version table if missing and runs every step's statements and version-row changes
     * on {@code c} (which must have autocommit off). No history records are written.
     */
    public static void run(Connection c, Plan plan, VersionTable table, Consumer<String> log) throws SQLException {
        List<List<Statement>> bodies = new ArrayList<>();
        for (Step step : plan.steps()) {
            List<Statement> body = StepSql.statements(step, table.dialect());
            if (StepSql.outsideTransaction(step, body)) {
                throw new RetortException(StepSql.where(step, null) + " must run outside a transaction, so it can't be"
                        + " part of an all-or-nothing copy. Create the target's schema first (retort upgrade), then run"
                        + " the copy again: it uses the existing schema.");
            }
            bodies.add(body);
        }
        table.ensure(c);
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            log.accept(step.logLine());
            try {
                StepSql.run(c, step, bodies.get(i), table);
            } catch (SQLException e) {
                throw new RetortException(StepSql.where(step, StepSql.StatementFailed.of(e)) + " failed on the target: "
                        + e.getMessage(), StepSql.StatementFailed.unwrap(e));
            }
        }
    }
}
