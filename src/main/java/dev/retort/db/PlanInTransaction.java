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
     * on {@code c} (which must have autocommit off). Returns the history records of the steps, for the
     * caller to append when it is time (the copy: after the source's own history).
     */
    public static List<HistoryTable.Entry> run(Connection c, Plan plan, VersionTable table, Consumer<String> log)
            throws SQLException {
        List<List<Statement>> bodies = StepSql.statements(plan, table.dialect());
        for (int i = 0; i < plan.steps().size(); i++) {
            if (StepSql.outsideTransaction(plan.steps().get(i), bodies.get(i))) {
                throw new RetortException(StepSql.where(plan.steps().get(i), null) + " must run outside a transaction,"
                        + " so it can't be part of an all-or-nothing copy. Create the target's schema first (retort"
                        + " upgrade), then run the copy again: it uses the existing schema.");
            }
        }
        String dbUser = HistoryTable.databaseUser(c, table.dialect());
        table.ensure(c);
        List<HistoryTable.Entry> ran = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            log.accept(step.logLine());
            java.time.Instant started = java.time.Instant.now();
            long t0 = System.nanoTime();
            try {
                StepSql.run(c, step, bodies.get(i), table);
            } catch (SQLException e) {
                throw new RetortException(StepSql.where(step, StepSql.StatementFailed.of(e)) + " failed on the target: "
                        + Database.errorText(e), StepSql.StatementFailed.unwrap(e));
            }
            ran.add(HistoryTable.Entry.of(step, bodies.get(i), table.dialect(), dbUser, started,
                    (System.nanoTime() - t0) / 1_000_000, null));
        }
        return ran;
    }
}
