package dev.retort.graph;

import dev.retort.script.Revision;
import java.util.List;

/**
 * One step of a plan: a revision's upgrade or downgrade, or a stamp move, and the version-table
 * changes that go with it.
 *
 * @param direction  what kind of step
 * @param revision   the revision whose SQL runs (null for a stamp step)
 * @param fromIds    ids on the left of Alembic's log line ("Running upgrade FROM -> TO")
 * @param toIds      ids on the right of it
 * @param rowChanges version-table statements of this step, in order
 * @param rowsBefore the version rows before this step (in table order)
 */
public record Step(Direction direction, Revision revision, List<String> fromIds, List<String> toIds,
                   List<RowChange> rowChanges, List<String> rowsBefore) {

    public enum Direction { UPGRADE, DOWNGRADE, STAMP }

    public Step {
        fromIds = List.copyOf(fromIds);
        toIds = List.copyOf(toIds);
        rowChanges = List.copyOf(rowChanges);
        rowsBefore = List.copyOf(rowsBefore);
    }

    /** Alembic's short log: "a, b -> c" (no doc). */
    public String shortLog() {
        String verb = switch (direction) {
            case UPGRADE -> "upgrade";
            case DOWNGRADE -> "downgrade";
            case STAMP -> "stamp_revision";
        };
        return verb + " " + String.join(", ", fromIds) + " -> " + String.join(", ", toIds);
    }

    /** Alembic's INFO log line text: "Running upgrade a -> b, doc". */
    public String logLine() {
        String s = "Running " + shortLog();
        return revision == null || revision.doc().isEmpty() ? s : s + ", " + revision.doc();
    }
}
