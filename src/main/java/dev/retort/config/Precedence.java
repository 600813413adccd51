package dev.retort.config;

import dev.retort.api.UrlMask;
import dev.retort.api.Defaults;
import dev.retort.api.RetortException;
import dev.retort.db.DatabaseUrl;
import dev.retort.script.Location;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the four sources of configuration, per setting: <b>flags &gt; environment &gt; file &gt;
 * defaults</b>. A setting takes the first source that gives it; lists (revision directories) are
 * replaced, never merged.
 *
 * <table>
 *   <caption>settings and their sources</caption>
 *   <tr><th>setting</th><th>flag</th><th>environment</th><th>retort.yaml</th><th>alembic.ini</th>
 *       <th>default</th></tr>
 *   <tr><td>URL</td><td>{@code --url}</td><td>{@code DATABASE_URL}, else composed from
 *       {@code DATABASE_TYPE/USER/PASSWORD/HOST/PORT/NAME}</td><td>{@code url}</td>
 *       <td>{@code sqlalchemy.url}</td><td>{@value Defaults#URL}</td></tr>
 *   <tr><td>revision locations ({@code classpath:PATH}, {@code filesystem:PATH} or a bare path)</td>
 *       <td>{@code --revisions} (repeatable)</td>
 *       <td>{@code RETORT_REVISIONS} (separated by {@code :} on Unix, {@code ;} on Windows)</td>
 *       <td>{@code revisions}</td><td>{@code version_locations}, else
 *       {@code <script_location>/versions}</td><td>{@code revisions}</td></tr>
 *   <tr><td>version table</td><td>{@code --version-table}</td><td>{@code RETORT_VERSION_TABLE}</td>
 *       <td>{@code version_table}</td><td>{@code version_table}</td><td>{@code alembic_version}</td></tr>
 *   <tr><td>version table schema</td><td>{@code --version-table-schema}</td>
 *       <td>{@code RETORT_VERSION_TABLE_SCHEMA}</td><td>{@code version_table_schema}</td>
 *       <td>{@code version_table_schema}</td><td>none</td></tr>
 *   <tr><td>lock timeout (seconds)</td><td>{@code --lock-timeout}</td><td>{@code RETORT_LOCK_TIMEOUT}</td>
 *       <td>{@code lock_timeout}</td><td>–</td><td>600</td></tr>
 *   <tr><td>transaction mode</td><td>{@code --single-transaction}</td>
 *       <td>{@code RETORT_TRANSACTION_MODE} ({@code per-revision} | {@code single})</td>
 *       <td>{@code transaction_mode}</td><td>–</td><td>{@code per-revision}</td></tr>
 *   <tr><td>wait timeout (seconds)</td><td>{@code --wait-timeout}</td><td>{@code RETORT_WAIT_TIMEOUT}</td>
 *       <td>{@code wait_timeout}</td><td>–</td><td>0</td></tr>
 *   <tr><td>SQLite WAL journal</td><td>–</td><td>{@code DATABASE_ENABLE_SQLITE_WAL} ({@code true}: on, any
 *       other value: off)</td><td>{@code sqlite_wal}</td><td>–</td><td>off</td></tr>
 *   <tr><td>DDL lock timeout (seconds, PostgreSQL)</td><td>{@code --ddl-lock-timeout}</td>
 *       <td>{@code RETORT_DDL_LOCK_TIMEOUT}</td><td>{@code ddl_lock_timeout}</td><td>–</td><td>5</td></tr>
 *   <tr><td>DDL retries</td><td>{@code --ddl-retries}</td><td>{@code RETORT_DDL_RETRIES}</td>
 *       <td>{@code ddl_retries}</td><td>–</td><td>10</td></tr>
 * </table>
 *
 * The defaults are {@link Defaults}'. The CLI hands the {@link Resolved} values to
 * {@code Retort.Builder}; nothing here knows the builder.
 *
 * Relative paths from flags, the environment and the default are relative to the working
 * directory (they are kept relative here); the file's are already absolute (see {@link ConfigFile}).
 * An environment variable that is set but blank counts as unset. A bad environment value is a
 * usage error (exit 2) naming the variable.
 */
public final class Precedence {
    public static final String ENV_REVISIONS = "RETORT_REVISIONS";
    public static final String ENV_VERSION_TABLE = "RETORT_VERSION_TABLE";
    public static final String ENV_VERSION_TABLE_SCHEMA = "RETORT_VERSION_TABLE_SCHEMA";
    public static final String ENV_LOCK_TIMEOUT = "RETORT_LOCK_TIMEOUT";
    public static final String ENV_TRANSACTION_MODE = "RETORT_TRANSACTION_MODE";
    public static final String ENV_WAIT_TIMEOUT = "RETORT_WAIT_TIMEOUT";
    public static final String ENV_SQLITE_WAL = "DATABASE_ENABLE_SQLITE_WAL";
    public static final String ENV_DDL_LOCK_TIMEOUT = "RETORT_DDL_LOCK_TIMEOUT";
    public static final String ENV_DDL_RETRIES = "RETORT_DDL_RETRIES";

    /** The largest timeout accepted, in seconds (keeps deadline arithmetic from overflowing). */
    public static final long MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE;

    private Precedence() {
    }

    /**
     * What the command line gave; null (or an empty list) for "not given".
     *
     * @param singleTransaction TRUE when {@code --single-transaction} was given, else null
     */
    public record CliValues(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                            Long lockTimeoutMillis, Boolean singleTransaction, Long ddlLockTimeoutMillis,
                            Integer ddlRetries, Long waitTimeoutMillis) {
        public CliValues {
            revisionDirs = revisionDirs == null ? List.of() : List.copyOf(revisionDirs);
        }

        /** Without {@code --ddl-lock-timeout}, {@code --ddl-retries}. */
        public CliValues(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                         Long lockTimeoutMillis, Boolean singleTransaction, Long waitTimeoutMillis) {
            this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction, null, null,
                    waitTimeoutMillis);
        }

        /** Without {@code --wait-timeout}. */
        public CliValues(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                         Long lockTimeoutMillis, Boolean singleTransaction, Long ddlLockTimeoutMillis,
                         Integer ddlRetries) {
            this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction,
                    ddlLockTimeoutMillis, ddlRetries, null);
        }

        /** Without {@code --wait-timeout}. */
        public CliValues(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                         Long lockTimeoutMillis, Boolean singleTransaction) {
            this(url, revisionDirs, versionTable, versionTableSchema, lockTimeoutMillis, singleTransaction, null, null,
                    null);
        }

        /** Without the URL's password (a record would print it). */
        @Override
        public String toString() {
            return "CliValues[url=" + UrlMask.of(url) + ", revisionDirs=" + revisionDirs
                    + ", versionTable=" + versionTable + ", versionTableSchema=" + versionTableSchema
                    + ", lockTimeoutMillis=" + lockTimeoutMillis + ", singleTransaction=" + singleTransaction
                    + ", ddlLockTimeoutMillis=" + ddlLockTimeoutMillis + ", ddlRetries=" + ddlRetries
                    + ", waitTimeoutMillis=" + waitTimeoutMillis + "]";
        }

        /** No flags. */
        public static CliValues none() {
            return new CliValues(null, List.of(), null, null, null, null, null, null, null);
        }
    }

    /**
     * The merged configuration. {@code sources} says, per setting ({@code url}, {@code revisions},
     * {@code version_table}, {@code version_table_schema}, {@code lock_timeout},
     * {@code transaction_mode}, {@code wait_timeout}, {@code sqlite_wal}, {@code ddl_lock_timeout},
     * {@code ddl_retries}), where the value came from:
     * a flag ({@code --url}), an environment variable ({@code DATABASE_URL}), the file
     * ({@code /abs/retort.yaml: url}) or {@code default}.
     *
     * @param url the URL as given; {@link #databaseUrl()} parses it
     */
    public record Resolved(String url, List<Location> revisionDirs, String versionTable, String versionTableSchema,
                           long lockTimeoutMillis, boolean singleTransaction, long waitTimeoutMillis,
                           boolean sqliteWal, long ddlLockTimeoutMillis, int ddlRetries, Map<String, String> sources) {
        public Resolved {
            revisionDirs = List.copyOf(revisionDirs);
            sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        }

        /** Without the URL's password (a record would print it). */
        @Override
        public String toString() {
            return "Resolved[url=" + UrlMask.of(url) + ", revisionDirs=" + revisionDirs
                    + ", versionTable=" + versionTable + ", versionTableSchema=" + versionTableSchema
                    + ", lockTimeoutMillis=" + lockTimeoutMillis + ", singleTransaction=" + singleTransaction
                    + ", waitTimeoutMillis=" + waitTimeoutMillis + ", sqliteWal=" + sqliteWal
                    + ", ddlLockTimeoutMillis=" + ddlLockTimeoutMillis + ", ddlRetries=" + ddlRetries
                    + ", sources=" + sources + "]";
        }

        /**
         * The URL parsed; a bad one is a usage error that says where it came from
         * ({@code alembic.ini: sqlalchemy.url: Unsupported database 'driver' ...}). Not called by
         * {@link #resolve} so that commands that need no database work with a placeholder URL.
         */
        public DatabaseUrl databaseUrl() {
            try {
                return DatabaseUrl.parse(url);
            } catch (RetortException e) {
                String from = sources.get("url");
                throw new RetortException("default".equals(from) ? e.getMessage() : from + ": " + e.getMessage(),
                        e.exitCode(), e);
            }
        }
    }

    /** Merges flags &gt; env &gt; file &gt; defaults, per setting. */
    public static Resolved resolve(FileSettings file, Map<String, String> env, CliValues flags) {
        Map<String, String> sources = new LinkedHashMap<>();
        String fileName = file.source() == null ? null : file.source().toString();
        String urlKey = fileName != null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".ini")
                ? "sqlalchemy.url" : "url";

        String url;
        String envUrl = DatabaseUrl.fromEnvironment(env);
        if (flags.url() != null) {
            url = pick(sources, "url", flags.url(), "--url");
        } else if (envUrl != null) {
            url = pick(sources, "url", envUrl, blank(env.get("DATABASE_URL")) ? "DATABASE_TYPE" : "DATABASE_URL");
        } else if (file.url() != null) {
            url = pick(sources, "url", file.url(), fileName + ": " + urlKey);
        } else {
            url = pick(sources, "url", Defaults.URL, "default");
        }

        List<Location> dirs;
        if (!flags.revisionDirs().isEmpty()) {
            dirs = pick(sources, "revisions", flags.revisionDirs(), "--revisions");
        } else if (!blank(env.get(ENV_REVISIONS))) {
            dirs = pick(sources, "revisions", splitPaths(env.get(ENV_REVISIONS)), ENV_REVISIONS);
        } else if (file.revisionDirs() != null) {
            dirs = pick(sources, "revisions", file.revisionDirs(),
                    fileName + ": " + (urlKey.equals("url") ? "revisions" : "version_locations"));
        } else {
            dirs = pick(sources, "revisions", List.of(Location.of(Defaults.REVISIONS)), "default");
        }

        Lookup in = new Lookup(sources, env, fileName);
        String table = in.first("version_table", flags.versionTable(), "--version-table", ENV_VERSION_TABLE,
                String::strip, file.versionTable(), Defaults.VERSION_TABLE);
        String schema = in.first("version_table_schema", flags.versionTableSchema(), "--version-table-schema",
                ENV_VERSION_TABLE_SCHEMA, String::strip, file.versionTableSchema(), null);
        if (table.isBlank()) {
            throw RetortException.usage(sources.get("version_table") + ": the version table's name is empty; give"
                    + " a name, or leave it out for the default (" + Defaults.VERSION_TABLE + ")");
        }
        if (schema != null && schema.isBlank()) {
            throw RetortException.usage(sources.get("version_table_schema") + ": the version table's schema is"
                    + " empty; give a name, or leave it out for the connection's current schema");
        }
        long lock = in.first("lock_timeout", flags.lockTimeoutMillis(), "--lock-timeout", ENV_LOCK_TIMEOUT,
                v -> parseSeconds(v, ENV_LOCK_TIMEOUT, "lock timeout"), file.lockTimeoutMillis(),
                Defaults.LOCK_TIMEOUT_MILLIS);
        boolean single = in.first("transaction_mode", flags.singleTransaction(), "--single-transaction",
                ENV_TRANSACTION_MODE, v -> parseTransactionMode(v, ENV_TRANSACTION_MODE), file.singleTransaction(),
                Defaults.SINGLE_TRANSACTION);
        long wait = in.first("wait_timeout", flags.waitTimeoutMillis(), "--wait-timeout", ENV_WAIT_TIMEOUT,
                v -> parseSeconds(v, ENV_WAIT_TIMEOUT, "wait timeout"), file.waitTimeoutMillis(),
                Defaults.WAIT_TIMEOUT_MILLIS);
        // no flag; "true" (any case) is on and any other value off, as the variable always meant
        boolean wal = in.first("sqlite_wal", null, null, ENV_SQLITE_WAL, v -> "true".equalsIgnoreCase(v.strip()),
                file.sqliteWal(), Defaults.SQLITE_WAL);
        long ddlLock = in.first("ddl_lock_timeout", flags.ddlLockTimeoutMillis(), "--ddl-lock-timeout",
                ENV_DDL_LOCK_TIMEOUT, v -> parseSeconds(v, ENV_DDL_LOCK_TIMEOUT, "lock timeout"),
                file.ddlLockTimeoutMillis(), Defaults.DDL_LOCK_TIMEOUT_MILLIS);
        int retries = in.first("ddl_retries", flags.ddlRetries(), "--ddl-retries", ENV_DDL_RETRIES,
                v -> parseRetries(v, ENV_DDL_RETRIES), file.ddlRetries(), Defaults.DDL_RETRIES);
        return new Resolved(url, dirs, table, schema, lock, single, wait, wal, ddlLock, retries, sources);
    }

    /** Looks a setting up in flag, environment, file and default order, noting in {@code sources} which gave it. */
    private record Lookup(Map<String, String> sources, Map<String, String> env, String fileName) {
        <T> T first(String key, T flag, String flagName, String envName, Function<String, T> fromEnv, T fromFile,
                    T dflt) {
            if (flag != null) {
                return pick(sources, key, flag, flagName);
            }
            if (!blank(env.get(envName))) {
                return pick(sources, key, fromEnv.apply(env.get(envName)), envName);
            }
            if (fromFile != null) {
                return pick(sources, key, fromFile, fileName + ": " + key);
            }
            return pick(sources, key, dflt, "default");
        }
    }

    private static <T> T pick(Map<String, String> sources, String key, T value, String from) {
        sources.put(key, from);
        return value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * {@code RETORT_REVISIONS}: locations separated by the path separator. On Unix that is the
     * {@code :} of {@code classpath:}/{@code filesystem:} too, so a part that is just a prefix's
     * name joins the next one ({@code classpath:db/revisions:revisions} is two locations).
     */
    static List<Location> splitPaths(String value) {
        List<Location> dirs = new ArrayList<>();
        String[] parts = value.split(java.util.regex.Pattern.quote(File.pathSeparator), -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (File.pathSeparatorChar == ':' && i + 1 < parts.length
                    && ((part + ":").equals(Location.CLASSPATH) || (part + ":").equals(Location.FILESYSTEM))) {
                part = part + ":" + parts[++i].strip();
            }
            if (!part.isBlank()) {
                try {
                    dirs.add(Location.parse(part));
                } catch (RetortException e) {
                    throw RetortException.usage(ENV_REVISIONS + ": " + e.getMessage());
                }
            }
        }
        return dirs;
    }

    /**
     * The one parser of a number of seconds ({@code --lock-timeout 1.5}, {@code RETORT_WAIT_TIMEOUT}):
     * a number from 0 to {@value #MAX_TIMEOUT_SECONDS}, fractions allowed.
     *
     * @param where how messages name the source, e.g. {@code --lock-timeout}
     * @param what  what the number is, for messages: {@code lock timeout}
     * @return milliseconds
     */
    public static long parseSeconds(String seconds, String where, String what) {
        double s;
        try {
            s = new java.math.BigDecimal(seconds.strip()).doubleValue();
        } catch (NumberFormatException e) {
            throw RetortException.usage(where + ": expected a number of seconds, not '" + seconds + "'");
        }
        return millis(s, seconds.strip(), where, what);
    }

    /** Checks a number of seconds ({@code text}: as written) and converts it to milliseconds. */
    static long millis(double seconds, String text, String where, String what) {
        if (Double.isNaN(seconds) || seconds < 0 || seconds > MAX_TIMEOUT_SECONDS) {
            throw RetortException.usage(where + ": '" + text + "' is not a valid " + what + "; expected a number of"
                    + " seconds from 0 to " + MAX_TIMEOUT_SECONDS);
        }
        return Math.round(seconds * 1000);
    }

    /** Parses a number of retries ({@code --ddl-retries}, {@code RETORT_DDL_RETRIES}): a whole number from 0 to 1000. */
    public static int parseRetries(String text, String where) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RetortException.usage(where + ": '" + text + "' is not a valid number of retries; expected a whole"
                + " number from 0 to 1000");
    }

    /**
     * Parses a transaction mode: {@code per-revision} (false) or {@code single} (true).
     *
     * @param where how messages name the source, e.g. {@code RETORT_TRANSACTION_MODE}
     */
    public static boolean parseTransactionMode(String mode, String where) {
        return switch (mode.strip()) {
            case "per-revision" -> false;
            case "single" -> true;
            default -> throw RetortException.usage(where + ": '" + mode + "' is not a valid transaction mode;"
                    + " expected 'per-revision' or 'single'");
        };
    }
}
