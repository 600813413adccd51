package dev.retort.config;

import dev.retort.api.UrlMask;
import dev.retort.script.Location;
import dev.retort.script.RevisionWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What a configuration file ({@code retort.yaml} or {@code alembic.ini}) says; every field is null
 * when the file does not set it (and all are null, {@code source} included, when there is no file).
 * See {@link ConfigFile} for the keys and {@link Precedence} for how flags and environment
 * variables override these values.
 *
 * @param url                the database URL, as written (not yet parsed)
 * @param revisionDirs       the revision locations; filesystem ones absolute (resolved as {@link ConfigFile} says)
 * @param versionTable       the version table's name
 * @param versionTableSchema the version table's schema
 * @param lockTimeoutMillis  how long to wait for another run's lock, in milliseconds
 * @param singleTransaction  true for {@code transaction_mode: single}, false for {@code per-revision}
 * @param waitTimeoutMillis  how long to wait for the database to accept connections, in milliseconds
 * @param sqliteWal          whether SQLite runs with the WAL journal
 * @param source             the file read (absolute), or null
 * @param ddlLockTimeoutMillis PostgreSQL's lock_timeout for each revision, in milliseconds (0: off)
 * @param ddlRetries         how often a revision that hit it is retried
 * @param revisionFormat     {@code revision_format}: the format {@code revision} and {@code merge} write
 */
public record FileSettings(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                           Long lockTimeoutMillis, Boolean singleTransaction, Long waitTimeoutMillis,
                           Boolean sqliteWal, Path source, Long ddlLockTimeoutMillis, Integer ddlRetries,
                           RevisionWriter.Format revisionFormat) {
    public FileSettings {
        revisionDirs = revisionDirs == null ? null : List.copyOf(revisionDirs);
    }

    /** Without the URL's password (a record would print it). */
    @Override
    public String toString() {
        return "FileSettings[url=" + UrlMask.of(url) + ", revisionDirs=" + revisionDirs
                + ", versionTable=" + versionTable + ", versionTableSchema=" + versionTableSchema
                + ", lockTimeoutMillis=" + lockTimeoutMillis + ", singleTransaction=" + singleTransaction
                + ", waitTimeoutMillis=" + waitTimeoutMillis + ", sqliteWal=" + sqliteWal + ", source=" + source
                + ", ddlLockTimeoutMillis=" + ddlLockTimeoutMillis + ", ddlRetries=" + ddlRetries
                + ", revisionFormat=" + revisionFormat + "]";
    }

    /** Without the wait timeout, the WAL switch and the DDL lock settings (an alembic.ini, which has none). */
    public FileSettings(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                        Long lockTimeoutMillis, Boolean singleTransaction, Path source) {
        this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction, null, null,
                source, null, null, null);
    }

    /** Without the DDL lock settings. */
    public FileSettings(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                        Long lockTimeoutMillis, Boolean singleTransaction, Long waitTimeoutMillis, Boolean sqliteWal,
                        Path source) {
        this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction,
                waitTimeoutMillis, sqliteWal, source, null, null, null);
    }

    /** Without the wait timeout and the WAL switch. */
    public FileSettings(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                        Long lockTimeoutMillis, Boolean singleTransaction, Path source, Long ddlLockTimeoutMillis,
                        Integer ddlRetries) {
        this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction, null, null,
                source, ddlLockTimeoutMillis, ddlRetries, null);
    }

    /** Without the wait timeout and the WAL switch, with {@code revision_format}. */
    public FileSettings(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                        Long lockTimeoutMillis, Boolean singleTransaction, Path source, Long ddlLockTimeoutMillis,
                        Integer ddlRetries, RevisionWriter.Format revisionFormat) {
        this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction, null, null,
                source, ddlLockTimeoutMillis, ddlRetries, revisionFormat);
    }

    /** No configuration file. */
    public static FileSettings empty() {
        return new FileSettings(null, null, null, null, null, null, null);
    }

    /** Whether a file was read. */
    public boolean present() {
        return source != null;
    }
}
