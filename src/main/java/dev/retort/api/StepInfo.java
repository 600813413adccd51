package dev.retort.api;

import java.util.List;

/**
 * One step of an upgrade, downgrade or stamp: what ran (or would run) and, once it ran, how long
 * it took.
 *
 * @param direction      what kind of step
 * @param revision       the revision whose SQL runs; null for a stamp step
 * @param from           the version ids it starts from (left of Alembic's "a -> b")
 * @param to             the version ids it ends at
 * @param message        the revision's message; null for a stamp step
 * @param summary        Alembic's log text without "Running ": {@code upgrade a -> b, message}
 * @param durationMillis how long it took; null for a step that has not run
 */
public record StepInfo(Direction direction, String revision, List<String> from, List<String> to, String message,
                       String summary, Long durationMillis) {
    public enum Direction { UPGRADE, DOWNGRADE, STAMP }

    public StepInfo {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
