package dev.retort.transfer;

import dev.retort.api.Defaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Copy#run} copies and how.
 *
 * @param from               the SQLite source URL ({@code sqlite:///app.db}); opened read-only
 * @param to                 the PostgreSQL target URL
 * @param revisions          revision directories, used when the target has no tables yet
 * @param versionTable       the version table's name (default alembic_version)
 * @param versionTableSchema its schema on the target, or null
 * @param skipOrphans        copy without the orphaned rows (and rows depending on them) instead of stopping
 * @param replace            empty target tables that already hold rows (in the copy's transaction)
 * @param batchRows          rows per batch handed to COPY (and per progress update)
 * @param progress           how progress is shown
 * @param checksums          compare content checksums (else only row counts)
 * @param toastCompression   compression of the large values the copy writes: {@code lz4} (default; about
 *                           twice as fast as pglz to write, and here smaller too), {@code pglz}, or
 *                           {@code default} (the server's {@code default_toast_compression})
 * @param lockTimeoutMillis  how long to wait while another process holds the source locked ({@code --lock-timeout})
 */
public record CopyOptions(String from, String to, List<Path> revisions, String versionTable, String versionTableSchema,
                          boolean skipOrphans, boolean replace, int batchRows, Progress.Mode progress,
                          boolean checksums, String toastCompression, long lockTimeoutMillis) {
    public static final int DEFAULT_BATCH_ROWS = 10_000;
    /** The values {@code toastCompression} takes. */
    public static final List<String> TOAST_COMPRESSIONS = List.of("lz4", "pglz", "default");

    public CopyOptions {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        revisions = List.copyOf(revisions);
        versionTable = versionTable == null || versionTable.isBlank() ? Defaults.VERSION_TABLE : versionTable;
        toastCompression = toastCompression == null ? "lz4" : toastCompression;
        if (!TOAST_COMPRESSIONS.contains(toastCompression)) {
            throw new IllegalArgumentException("toastCompression is lz4, pglz or default");
        }
        if (lockTimeoutMillis < 0) {
            throw new IllegalArgumentException("lockTimeoutMillis must not be negative");
        }
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction with the defaults. */
    public static final class Builder {
        private String from;
        private String to;
        private final List<Path> revisions = new ArrayList<>();
        private String versionTable = Defaults.VERSION_TABLE;
        private String versionTableSchema;
        private boolean skipOrphans;
        private boolean replace;
        private int batchRows = DEFAULT_BATCH_ROWS;
        private Progress.Mode progress = Progress.Mode.NONE;
        private boolean checksums = true;
        private String toastCompression = "lz4";
        private long lockTimeoutMillis = Defaults.LOCK_TIMEOUT_MILLIS;

        public Builder from(String url) {
            this.from = url;
            return this;
        }

        public Builder to(String url) {
            this.to = url;
            return this;
        }

        public Builder revisions(Path dir) {
            revisions.add(dir);
            return this;
        }

        public Builder revisions(List<Path> dirs) {
            revisions.addAll(dirs);
            return this;
        }

        public Builder versionTable(String name) {
            this.versionTable = name;
            return this;
        }

        public Builder versionTableSchema(String schema) {
            this.versionTableSchema = schema;
            return this;
        }

        public Builder skipOrphans(boolean skip) {
            this.skipOrphans = skip;
            return this;
        }

        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        public Builder batchRows(int rows) {
            this.batchRows = rows;
            return this;
        }

        public Builder progress(Progress.Mode mode) {
            this.progress = mode;
            return this;
        }

        public Builder checksums(boolean on) {
            this.checksums = on;
            return this;
        }

        public Builder toastCompression(String method) {
            this.toastCompression = method;
            return this;
        }

        public Builder lockTimeoutMillis(long millis) {
            this.lockTimeoutMillis = millis;
            return this;
        }

        public CopyOptions build() {
            return new CopyOptions(from, to, revisions, versionTable, versionTableSchema, skipOrphans, replace,
                    batchRows, progress, checksums, toastCompression, lockTimeoutMillis);
        }
    }
}
