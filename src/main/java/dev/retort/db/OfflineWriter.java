package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.graph.Plan;
import dev.retort.graph.RowChange;
import dev.retort.graph.Step;
import java.util.List;

/**
 * Renders a plan as the SQL script Alembic's {@code --sql} mode prints (alembic-behaviour.md §9):
 * every statement followed by ";" and a blank line, {@code BEGIN;}/{@code COMMIT;} around it all on
 * dialects with transactional DDL, the version table created before the first step from base.
 */
public final class OfflineWriter {
    private OfflineWriter() {
    }

    public static String render(Plan plan, VersionTable table) {
        Dialect dialect = table.dialect();
        List<List<Statement>> bodies = StepSql.statements(plan, dialect);
        StringBuilder out = new StringBuilder();
        boolean tx = dialect.transactionalDdl();
        if (tx) {
            emit(out, "BEGIN;");
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            if (step.rowsBefore().isEmpty()) {
                emit(out, table.createSql() + ";");
            }
            emit(out, "-- Running " + step.shortLog());
            boolean outside = tx && StepSql.outsideTransaction(step, bodies.get(i));
            if (outside) {
                emit(out, "COMMIT;");
            }
            for (Statement s : bodies.get(i)) {
                emit(out, s.sql().strip() + ";");
            }
            if (outside) {
                emit(out, "BEGIN;");
            }
            for (RowChange change : step.rowChanges()) {
                emit(out, table.sql(change, true) + ";");
            }
        }
        if (plan.rowsAfter().isEmpty()) {
            emit(out, table.dropSql() + ";");
        }
        if (tx) {
            emit(out, "COMMIT;");
        }
        return out.toString();
    }

    private static void emit(StringBuilder out, String text) {
        out.append(text).append("\n\n");
    }
}
