package dev.retort.api;

import java.time.Instant;

/**
 * One record of retort's audit history: a step that ran on this database, who ran it, when, how
 * long it took and whether it succeeded.
 *
 * @param fromRevisions the version ids before the step, comma-separated
 * @param toRevisions   the version ids after it, comma-separated
 * @param checksum      of the SQL that ran (null for a stamp)
 * @param dbUser        the database user, or null (SQLite)
 * @param error         why it failed, or null
 */
public record HistoryEntry(long id, String revision, String direction, String fromRevisions, String toRevisions,
                           String checksum, String file, String dbUser, String osUser, Instant startedAt,
                           long durationMillis, boolean success, String error) {
}
