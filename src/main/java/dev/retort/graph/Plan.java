package dev.retort.graph;

import java.util.List;

/**
 * What a command will do, computed from pure data: the version rows it starts from, the steps in
 * execution order, and the rows it leaves.
 */
public record Plan(List<String> rowsBefore, List<Step> steps, List<String> rowsAfter, List<String> warnings) {
    public Plan {
        rowsBefore = List.copyOf(rowsBefore);
        steps = List.copyOf(steps);
        rowsAfter = List.copyOf(rowsAfter);
        warnings = List.copyOf(warnings);
    }
}
