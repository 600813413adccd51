package dev.retort.api;

import java.nio.file.Path;

/**
 * The default of every setting, in one place: {@code Retort.Builder} starts from these, and the
 * configuration ({@code config.Precedence}) falls back to them when no flag, environment variable
 * or file gives a value.
 */
public final class Defaults {
    /** The database (relative to the working directory). */
    public static final String URL = "sqlite:///data/retort.db";
    /** The revision directory (relative to the working directory). */
    public static final Path REVISIONS = Path.of("revisions");
    public static final String VERSION_TABLE = "alembic_version";
    /** How long a run waits for another one: the PostgreSQL advisory lock, SQLite's busy timeout. */
    public static final long LOCK_TIMEOUT_MILLIS = 600_000;
    /** How long to wait for the database to accept connections: not at all. */
    public static final long WAIT_TIMEOUT_MILLIS = 0;
    /** One transaction per revision, not one for the whole run. */
    public static final boolean SINGLE_TRANSACTION = false;
    /** SQLite's rollback journal, not WAL. */
    public static final boolean SQLITE_WAL = false;
    /** PostgreSQL's lock_timeout for each revision's transaction (0: off). */
    public static final long DDL_LOCK_TIMEOUT_MILLIS = 5_000;
    /** How often a revision that hit the DDL lock timeout is retried. */
    public static final int DDL_RETRIES = 10;

    private Defaults() {
    }
}
