package dev.retort.api;

import java.util.List;

/**
 * What an {@code upgrade}, {@code downgrade} or {@code stamp} did: the version rows before and
 * after, the steps that ran with their durations, the whole run's duration, and Alembic's warnings.
 */
public record MigrateResult(List<String> headsBefore, List<String> headsAfter, List<StepInfo> steps,
                            long durationMillis, List<String> warnings) {
    public MigrateResult {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }
}
