package dev.retort.db;

import dev.retort.graph.Plan;
import java.util.List;

/**
 * What a command did on the database: the plan that ran (rows before, steps, rows after) and how
 * long each step and the whole run took.
 */
public record Run(Plan plan, List<Long> stepMillis, long totalMillis) {
    public Run {
        stepMillis = List.copyOf(stepMillis);
    }
}
