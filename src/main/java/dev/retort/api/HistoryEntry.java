package dev.retort.api;

import java.time.Instant;
import java.util.List;

/**
 * One record of retort's audit history: a step that ran on this database, who ran it, when, how
 * long it took and whether it succeeded.
 *
 * @param direction upgrade, downgrade or stamp
 * @param revision  the revision whose SQL ran; for a stamp, the version ids it wrote, comma-separated
 * @param from      the version ids before the step
 * @param to        the version ids after it
 * @param checksum  of the SQL that ran (null for a stamp and a .py revision)
 * @param file      the revision's file (null for a stamp)
 * @param dbUser    the database user, or null (SQLite)
 * @param error     why it failed, or null
 */
public record HistoryEntry(long id, String revision, StepInfo.Direction direction, List<String> from, List<String> to,
                           String checksum, String file, String dbUser, String osUser, Instant startedAt,
                           long durationMillis, boolean success, String error) {
    public HistoryEntry {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
