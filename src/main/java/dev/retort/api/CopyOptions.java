package dev.retort.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code copy} copies (a SQLite database into PostgreSQL) and how; the input of
 * {@code Retort.copy}. Build it with {@link #builder()}.
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
 * @param toastCompression   compression of the large values the copy writes: LZ4 (default; about twice
 *                           as fast as pglz to write, and here smaller too), PGLZ, or DEFAULT (the
 *                           server's {@code default_toast_compression})
 * @param lockTimeoutMillis  how long to wait while another process holds the source locked ({@code --lock-timeout})
 */
public record CopyOptions(String from, String to, List<Path> revisions, String versionTable, String versionTableSchema,
                          boolean skipOrphans, boolean replace, int batchRows, ProgressMode progress,
                          boolean checksums, ToastCompression toastCompression, long lockTimeoutMillis) {
    public static final int DEFAULT_BATCH_ROWS = 10_000;

    /** How progress is shown. AUTO: a bar if {@code System.console()} exists, else plain lines. */
    public enum ProgressMode { AUTO, BAR, LINES, NONE }

    /** How PostgreSQL compresses the large values the copy writes. */
    public enum ToastCompression {
        LZ4, PGLZ, DEFAULT;

        /** The name PostgreSQL and {@code --toast-compression} use: {@code lz4}, {@code pglz}, {@code default}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CopyOptions {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        revisions = List.copyOf(revisions);
        versionTable = versionTable == null || versionTable.isBlank() ? Defaults.VERSION_TABLE : versionTable;
        toastCompression = toastCompression == null ? ToastCompression.LZ4 : toastCompression;
        progress = progress == null ? ProgressMode.NONE : progress;
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

    /** Without the URLs' passwords (a record would print them). */
    @Override
    public String toString() {
        return "CopyOptions[from=" + UrlMask.of(from) + ", to=" + UrlMask.of(to) + ", revisions="
                + revisions + ", versionTable=" + versionTable + ", versionTableSchema=" + versionTableSchema + ", skipOrphans="
                + skipOrphans + ", replace=" + replace + ", batchRows=" + batchRows + ", progress=" + progress
                + ", checksums=" + checksums + ", toastCompression=" + toastCompression + ", lockTimeoutMillis="
                + lockTimeoutMillis + "]";
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
        private ProgressMode progress = ProgressMode.NONE;
        private boolean checksums = true;
        private ToastCompression toastCompression = ToastCompression.LZ4;
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

        public Builder progress(ProgressMode mode) {
            this.progress = mode;
            return this;
        }

        public Builder checksums(boolean on) {
            this.checksums = on;
            return this;
        }

        public Builder toastCompression(ToastCompression method) {
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
