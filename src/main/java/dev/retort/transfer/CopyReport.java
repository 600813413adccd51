package dev.retort.transfer;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link Copy#run}: the preflight, where the target's schema came from, and the
 * verification table — per table the source rows, the rows copied, the rows left out, the rows in the
 * target afterwards and the content checksum computed on each side.
 *
 * @param status        COPIED (exit 0) or PREFLIGHT_FAILED (exit 5: nothing was written)
 * @param schema        "revisions" (created with retort's upgrade to the source's revision),
 *                      "existing" (the target's own schema), or null if it was not reached
 * @param revision      the source's version rows, now the target's too
 * @param notes         things worth knowing: tables skipped, columns left to their defaults, ...
 */
public record CopyReport(Status status, String from, String to, Preflight.Report preflight, String schema,
                         List<String> revision, List<TableResult> tables, List<String> notes, long millis) {
    public enum Status {
        COPIED(0), PREFLIGHT_FAILED(5);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * One line of the verification table.
     *
     * @param uncheckedColumns target columns whose type has no predictable text form (compared by count)
     */
    public record TableResult(String table, String targetTable, long sourceRows, long copiedRows, long leftOut,
                              long targetRows, String sourceChecksum, String targetChecksum,
                              List<String> uncheckedColumns, long bytes, long millis) {
        public boolean verified() {
            return targetRows == copiedRows && copiedRows + leftOut == sourceRows
                    && java.util.Objects.equals(sourceChecksum, targetChecksum);
        }
    }

    public int exitCode() {
        return status.exitCode();
    }

    public long rows() {
        return tables.stream().mapToLong(TableResult::copiedRows).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(TableResult::bytes).sum();
    }

    /** The verification table as text. */
    public String renderTable() {
        StringBuilder s = new StringBuilder();
        int w = Math.max(5, tables.stream().mapToInt(t -> t.table().length()).max().orElse(5));
        String fmt = "%-" + w + "s %12s %12s %9s %12s  %-20s %-20s %s%n";
        s.append(String.format(fmt, "table", "source rows", "copied", "left out", "target rows", "source checksum",
                "target checksum", "ok"));
        for (TableResult t : tables) {
            s.append(String.format(fmt, t.table(), t.sourceRows(), t.copiedRows(), t.leftOut(), t.targetRows(),
                    shorten(t.sourceChecksum()), shorten(t.targetChecksum()), t.verified() ? "ok" : "MISMATCH"));
        }
        double secs = Math.max(millis, 1) / 1000.0;
        s.append(String.format(Locale.ROOT, "%d rows, %.1f MB in %.1f s (%.0f rows/s, %.1f MB/s)%n", rows(),
                bytes() / 1e6, secs, rows() / secs, bytes() / 1e6 / secs));
        return s.toString();
    }

    private static String shorten(String checksum) {
        if (checksum == null) {
            return "-";
        }
        return checksum.length() > 20 ? checksum.substring(0, 17) + "..." : checksum;
    }
}
