package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.Step;
import dev.retort.ops.Render;
import dev.retort.ops.Rendered;
import dev.retort.script.Revision;
import dev.retort.script.SqlSection;
import java.util.ArrayList;
import java.util.List;

/** The statements a step runs on a dialect, cut from its revision file. */
final class StepSql {
    private StepSql() {
    }

    /**
     * True if the step must run outside a transaction: its revision says {@code Transactional:
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
            bodies.add(statements(step, dialect));
        }
        return bodies;
    }

    /** The statements of a step (none for a stamp step or an empty section). */
    static List<Statement> statements(Step step, Dialect dialect) {
        Revision r = step.revision();
        if (r == null) {
            return List.of();
        }
        if (r.python()) {
            throw new RetortException("Revision " + r.id() + " (" + r.path() + ") is an Alembic Python revision;"
                    + " retort reads its header but does not run Python code. Run this step with Alembic, or"
                    + " rewrite the revision as SQL. Nothing was changed.");
        }
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
            throw new RetortException("Revision " + r.id() + " (" + r.path() + "): " + e.getMessage(), e);
        }
    }

    /**
     * A portable revision's statements: its operations rendered for the dialect, {@code execute}'s
     * SQL split as a SQL revision's, the SQLite rebuilds as live statements.
     */
    static List<Statement> portable(Revision r, boolean up, Dialect dialect) {
        List<Statement> out = new ArrayList<>();
        StatementSplitter splitter = null;
        for (Rendered item : Render.render(r.portable().operations(up), dialect)) {
            if (item instanceof Rendered.Sql s) {
                out.add(new Statement(s.sql(), s.line(), s.nonTransactional()));
            } else if (item instanceof Rendered.Live l) {
                out.add(new Statement(l.step().describe(), l.line(), false, l.step()));
            } else {
                Rendered.Script script = (Rendered.Script) item;
                splitter = splitter == null ? StatementSplitter.forDialect(dialect) : splitter;
                try {
                    out.addAll(splitter.split(script.sql(), script.line()));
                } catch (RetortException e) {
                    throw new RetortException("Revision " + r.id() + " (" + r.path() + "): " + e.getMessage(), e);
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
