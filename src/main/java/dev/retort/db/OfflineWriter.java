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
                emit(out, offlineLayout(table.createSql()) + ";");
            }
            emit(out, "-- Running " + step.shortLog());
            // Transactional: false: the whole revision outside; else each statement that must be (as the online run)
            boolean outside = tx && step.revision() != null && !step.revision().transactional();
            if (outside) {
                emit(out, "COMMIT;");
            }
            for (Statement s : bodies.get(i)) {
                boolean alone = tx && !outside && s.nonTransactional();
                if (alone) {
                    emit(out, "COMMIT;");
                }
                String sql = s.live() != null ? offline(step, s) : s.sql().strip() + ";";
                // a portable operation's DDL is SQLAlchemy's; a SQL revision's text is the user's, as written
                emit(out, step.revision() != null && step.revision().portable() != null ? offlineLayout(sql) : sql);
                if (alone) {
                    emit(out, "BEGIN;");
                }
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

    /** A live step's offline SQL; the SQLite rebuild has none: it needs the live table (Alembic's batch needs copy_from). */
    private static String offline(Step step, Statement s) {
        String sql = s.live().offlineSql();
        if (sql == null) {
            throw new dev.retort.api.RetortException("Revision " + step.revision().id() + " (" + step.revision().location()
                    + ") can't be rendered offline: " + s.live().title() + " needs the live SQLite table (it reads the"
                    + " table's definition, as Alembic's batch mode needs copy_from). Run it online, or write this"
                    + " revision as SQL.");
        }
        return sql + ";";
    }

    /** SQLAlchemy's DDL as Alembic's {@code --sql} prints it: its tabs as four spaces. */
    static String offlineLayout(String sqlalchemyDdl) {
        return sqlalchemyDdl.replace("\t", "    ");
    }

    private static void emit(StringBuilder out, String text) {
        out.append(text).append("\n\n");
    }
}
