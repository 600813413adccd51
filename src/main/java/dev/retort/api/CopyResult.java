package dev.retort.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code copy} did: the preflight of the source, where the target's schema came from, and
 * the verification table — per table the source rows, the rows copied, the rows left out, the
 * rows in the target afterwards, the content checksum computed on each side and how long it took.
 *
 * @param status         COPIED (exit 0) or PREFLIGHT_FAILED (exit 5: nothing was written)
 * @param from           the source's URL, for display
 * @param to             the target's URL, password masked
 * @param schema         where the target's schema came from; null if the copy did not get that far
 * @param revision       the source's version rows, now the target's too
 * @param tables         the verification table, empty when the preflight failed
 * @param notes          things worth knowing: tables skipped, columns left to their defaults, ...
 * @param durationMillis the whole copy
 */
public record CopyResult(Status status, String from, String to, Preflight preflight, SchemaSource schema,
                         List<String> revision, List<Table> tables, List<String> notes, long durationMillis) {
    public CopyResult {
        revision = List.copyOf(revision);
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }

    public enum Status {
        COPIED(0), PREFLIGHT_FAILED(5);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** REVISIONS: created by upgrading the empty target to the source's revision; EXISTING: the target's own. */
    public enum SchemaSource { REVISIONS, EXISTING }

    public int exitCode() {
        return status.exitCode;
    }

    /** Rows copied, all tables. */
    public long rows() {
        return tables.stream().mapToLong(Table::copiedRows).sum();
    }

    /** Bytes sent, all tables. */
    public long bytes() {
        return tables.stream().mapToLong(Table::bytes).sum();
    }

    /**
     * One line of the verification table.
     *
     * @param uncheckedColumns target columns whose type has no predictable text form (compared by count)
     * @param sourceChecksum   null with {@code checksums(false)}
     */
    public record Table(String table, String targetTable, long sourceRows, long copiedRows, long leftOut,
                        long targetRows, String sourceChecksum, String targetChecksum, List<String> uncheckedColumns,
                        long bytes, long durationMillis) {
        public Table {
            uncheckedColumns = List.copyOf(uncheckedColumns);
        }

        /** Every row accounted for and the checksums equal. */
        public boolean verified() {
            return targetRows == copiedRows && copiedRows + leftOut == sourceRows
                    && Objects.equals(sourceChecksum, targetChecksum);
        }
    }

    /**
     * What the checks of the source found.
     *
     * @param quickCheck     problems reported by quick_check (empty: ok)
     * @param integrityCheck problems reported by integrity_check (empty: ok)
     * @param errors         checks that could not run (e.g. "foreign key mismatch")
     * @param orphans        per table, foreign key and fix
     * @param leftOut        per table: the rows left out (orphans and their dependants)
     * @param cleared        per table: the rows copied with a reference cleared (ON DELETE SET NULL)
     * @param cleanupSql     SQL that deletes and updates exactly those rows in the source, by rowid
     * @param durationMillis the foreign key check
     */
    public record Preflight(List<String> quickCheck, List<String> integrityCheck, List<String> errors,
                            List<Orphans> orphans, Map<String, Long> leftOut, Map<String, Long> cleared,
                            List<String> cleanupSql, long durationMillis) {
        public Preflight {
            quickCheck = List.copyOf(quickCheck);
            integrityCheck = List.copyOf(integrityCheck);
            errors = List.copyOf(errors);
            orphans = List.copyOf(orphans);
            leftOut = Collections.unmodifiableMap(new LinkedHashMap<>(leftOut));     // in table order
            cleared = Collections.unmodifiableMap(new LinkedHashMap<>(cleared));
            cleanupSql = List.copyOf(cleanupSql);
        }

        public boolean damaged() {
            return !quickCheck.isEmpty() || !integrityCheck.isEmpty() || !errors.isEmpty();
        }

        public boolean hasOrphans() {
            return !orphans.isEmpty();
        }

        /** Rows {@code skipOrphans} won't decide about (they depend on left-out rows through a plain key). */
        public boolean needsDecision() {
            return orphans.stream().anyMatch(o -> o.fix() == Fix.DECIDE);
        }
    }

    /** What happens to a group of rows. */
    public enum Fix {
        /** the row is not copied (the cleanup SQL deletes it) */
        LEAVE_OUT,
        /** the row is copied with its reference cleared (ON DELETE SET NULL) */
        CLEAR,
        /** the row references a left-out row through a key without CASCADE or SET NULL: the copy stops */
        DECIDE
    }

    /**
     * Rows of {@code table} whose foreign key {@code columns} point at no row of {@code parent}.
     *
     * @param parentMissing true: the referenced rows are missing in the source; false: they are left out
     * @param onDelete      the key's ON DELETE action in the source
     * @param sampleRows    a few of their rowids
     */
    public record Orphans(String table, List<String> columns, String parent, List<String> parentColumns,
                          boolean parentMissing, String onDelete, Fix fix, long rows, List<Long> sampleRows) {
        public Orphans {
            columns = List.copyOf(columns);
            parentColumns = List.copyOf(parentColumns);
            sampleRows = List.copyOf(sampleRows);
        }

        /** The rows are dependants of left-out rows, not orphans themselves. */
        public boolean cascaded() {
            return !parentMissing;
        }
    }
}
