package dev.retort.api;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code check}: is the database at head, what would run, and does every applied
 * revision still have the SQL it ran with. {@link #exitCode()} is what the CLI exits with.
 *
 * @param rows        the version rows
 * @param current     the applied branch tips (empty when a row is unknown)
 * @param heads       the graph's heads
 * @param pending     what an upgrade to heads would run
 * @param unknownRows version rows no revision file defines
 * @param changed     applied revisions whose SQL changed since
 */
public record CheckResult(Status status, List<String> rows, List<RevisionInfo> current, List<RevisionInfo> heads,
                          List<StepInfo> pending, List<String> unknownRows, List<Changed> changed) {
    /**
     * Up to date (exit 0), revisions to apply (exit 3), database and scripts disagree (exit 4),
     * the SQLite file does not exist (exit 7; a mistyped path, or a database never migrated).
     */
    public enum Status {
        UP_TO_DATE(0), PENDING(3), MISMATCH(4), NO_DATABASE(7);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    public CheckResult {
        rows = List.copyOf(rows);
        current = List.copyOf(current);
        heads = List.copyOf(heads);
        pending = List.copyOf(pending);
        unknownRows = List.copyOf(unknownRows);
        changed = List.copyOf(changed);
    }

    public int exitCode() {
        return status.exitCode;
    }

    /** An applied revision whose file no longer has the SQL it was applied with. */
    public record Changed(String revision, String file, String appliedChecksum, String currentChecksum,
                          Instant appliedAt) {
    }
}
