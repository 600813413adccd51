package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/** An open connection to the database a command works on. */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final Connection connection;
    /** Puts back what retort changed on a pooled connection, before it returns to the pool. */
    private final Runnable giveBack;

    private Database(DatabaseUrl url, Connection connection) {
        this(url, connection, () -> { });
    }

    private Database(DatabaseUrl url, Connection connection, Runnable giveBack) {
        this.url = url;
        this.connection = connection;
        this.giveBack = giveBack;
        StopRequest.watch(connection, url.dialect());
    }

    /**
     * Connects. A missing SQLite file is created (with its directory), writers wait for each other up
     * to {@code busyTimeoutMillis} instead of failing with "database is locked", and the journal
     * is switched to WAL when {@code sqliteWal} is set.
     */
    public static Database open(DatabaseUrl url, long busyTimeoutMillis, boolean sqliteWal) {
        return open(url, busyTimeoutMillis, sqliteWal, 0, line -> { });
    }

    /**
     * Connects, retrying for up to {@code waitMillis} while the server does not accept connections
     * yet (a pipeline that starts the database and the migration together).
     */
    public static Database open(DatabaseUrl url, long busyTimeoutMillis, boolean sqliteWal, long waitMillis,
                                java.util.function.Consumer<String> log) {
        return open(url, busyTimeoutMillis, sqliteWal, waitMillis, log, true);
    }

    /**
     * Connects for a command that only reads ({@code current}, {@code check}, {@code history}): a
     * missing SQLite file or directory is not created — "no SQLite database at PATH" instead.
     */
    public static Database openExisting(DatabaseUrl url, long busyTimeoutMillis, boolean sqliteWal, long waitMillis,
                                        java.util.function.Consumer<String> log) {
        Path missing = missingSqliteFile(url);
        if (missing != null) {
            throw noSqliteDatabase(missing);
        }
        return open(url, busyTimeoutMillis, sqliteWal, waitMillis, log, false);
    }

    /**
     * Borrows a connection from an application's pool, with the pool's own credentials. The dialect
     * and the display URL come from the connection's metadata. On SQLite, writers wait for each
     * other as on retort's own connections: for the command, the busy timeout is
     * {@code busyTimeoutMillis} and transactions begin IMMEDIATE (a DEFERRED one that read first
     * fails at once with "database is locked" when another writer holds the lock, whatever the busy
     * timeout); {@link #close()} puts the pool's own values back and gives the connection back.
     */
    public static Database open(DataSource pool, long busyTimeoutMillis) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw new RetortException("Can't get a connection from the DataSource: " + DatabaseUrl.redact(e.getMessage()), e);
        }
        try {
            DatabaseUrl url = describe(c);
            return new Database(url, c, url.dialect() == Dialect.SQLITE ? waitForWriters(c, busyTimeoutMillis) : () -> { });
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** What the pool's connections are (dialect, URL without credentials), from one borrowed and given back unchanged. */
    public static DatabaseUrl describe(DataSource pool) {
        try (Connection c = pool.getConnection()) {
            return describe(c);
        } catch (SQLException e) {
            throw new RetortException("Can't get a connection from the DataSource: " + DatabaseUrl.redact(e.getMessage()), e);
        }
    }

    /** Sets a pooled SQLite connection's busy timeout and IMMEDIATE transactions; returns how to undo it. */
    private static Runnable waitForWriters(Connection c, long busyTimeoutMillis) {
        try {
            // read everything first: a failure here leaves the connection as the pool gave it
            SQLiteConnection sqlite = c.isWrapperFor(SQLiteConnection.class) ? c.unwrap(SQLiteConnection.class) : null;
            if (sqlite == null) {
                throw new RetortException("The DataSource's SQLite connection (" + c.getClass().getName() + ") does"
                        + " not unwrap to sqlite-jdbc's SQLiteConnection, so retort can't make its transactions wait"
                        + " for another writer. Give a DataSource whose connections support unwrap (HikariCP and"
                        + " Spring's do), or retort.url / Retort.configure().url(...).");
            }
            SQLiteConfig.TransactionMode poolMode = sqlite.getConnectionConfig().getTransactionMode();
            int poolTimeout;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
                poolTimeout = rs.next() ? rs.getInt(1) : 0;
            }
            setBusyTimeout(c, Math.min(Integer.MAX_VALUE, busyTimeoutMillis));
            sqlite.getConnectionConfig().setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            return () -> {
                try {
                    setBusyTimeout(c, poolTimeout);
                    sqlite.getConnectionConfig().setTransactionMode(poolMode);
                } catch (SQLException e) {
                    // the connection is broken; the pool discards it
                }
            };
        } catch (SQLException e) {
            throw new RetortException("Can't set the busy timeout of the DataSource's SQLite connection: "
                    + DatabaseUrl.redact(e.getMessage()), e);
        }
    }

    /**
     * Rolls back what is open and returns to autocommit. sqlite-jdbc's {@code rollback()} begins the
     * next transaction at once; an IMMEDIATE one would wait out the busy timeout a second time behind
     * the writer that made the run fail, so on SQLite that BEGIN is DEFERRED (no lock), then committed empty.
     */
    static void rollbackToAutocommit(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            return;
        }
        SQLiteConnection sqlite = c.isWrapperFor(SQLiteConnection.class) ? c.unwrap(SQLiteConnection.class) : null;
        SQLiteConfig.TransactionMode mode = sqlite == null ? null : sqlite.getConnectionConfig().getTransactionMode();
        try {
            if (sqlite != null) {
                sqlite.getConnectionConfig().setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
            }
            c.rollback();
            c.setAutoCommit(true);
        } finally {
            if (sqlite != null) {
                sqlite.getConnectionConfig().setTransactionMode(mode);
            }
        }
    }

    private static void setBusyTimeout(Connection c, long millis) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + millis);
        }
    }

    /** H2, HSQLDB or Derby (JDBC's product names): what Spring Boot's test slices put in place of the DataSource. */
    public static boolean embeddedJavaDatabase(String productName) {
        return productName != null && productName.matches("(?i)H2|HSQL.*|Apache Derby");
    }

    /** What a pooled connection is: its dialect and its JDBC URL without user info or password. */
    static DatabaseUrl describe(Connection c) {
        try {
            DatabaseMetaData md = c.getMetaData();
            String product = md.getDatabaseProductName();
            Dialect dialect = "SQLite".equalsIgnoreCase(product) ? Dialect.SQLITE
                    : "PostgreSQL".equalsIgnoreCase(product) ? Dialect.POSTGRESQL : null;
            String jdbc = withoutCredentials(md.getURL() == null ? "(no URL)" : md.getURL());
            if (dialect == null) {
                throw new RetortException("The DataSource connects to " + product + " (" + jdbc + "); retort"
                        + " supports SQLite and PostgreSQL only. Give a DataSource of one of them"
                        + (embeddedJavaDatabase(product) ? " (a test slice's embedded database?"
                        + " @AutoConfigureTestDatabase(replace = NONE) keeps the application's)." : "."));
            }
            return new DatabaseUrl(dialect, jdbc, null, null, jdbc, null);
        } catch (SQLException e) {
            throw new RetortException("Can't read the DataSource's connection metadata: "
                    + DatabaseUrl.redact(e.getMessage()), e);
        }
    }

    /** A JDBC URL without {@code user:password@} and without user/password parameters. */
    static String withoutCredentials(String jdbc) {
        return jdbc.replaceAll("//[^/@?]*@", "//")
                .replaceAll("(?i)(?<=[?&;])(user|password)=[^&;]*[&;]?", "")
                .replaceAll("[?&;]$", "");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing is best effort
        }
    }

    /** The URL's SQLite file when it does not exist (and a writing command would create it), else null. */
    public static Path missingSqliteFile(DatabaseUrl url) {
        Path file = url.sqliteFileToCreate();
        return file != null && !Files.exists(file) ? file : null;
    }

    /** The error of a command that needs an existing SQLite database (exit 1). */
    public static RetortException noSqliteDatabase(Path file) {
        return new RetortException("no SQLite database at " + file + " (nothing was created; check the path in the"
                + " database URL — only upgrade, downgrade and stamp create a new database)");
    }

    /**
     * The user and password to log in with: the URL's; on PostgreSQL, where the URL has none, libpq's
     * PGUSER and PGPASSWORD, as psql and Alembic (psycopg2) take them, so that a pipeline can keep the
     * password out of the URL and the command line. Without either, pgjdbc reads ~/.pgpass itself.
     */
    static Properties credentials(DatabaseUrl url, java.util.Map<String, String> env) {
        Properties props = new Properties();
        boolean postgres = url.dialect() == Dialect.POSTGRESQL;
        String user = url.user() != null ? url.user() : postgres ? blankToNull(env.get("PGUSER")) : null;
        String password = url.password() != null ? url.password() : postgres ? blankToNull(env.get("PGPASSWORD")) : null;
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            DatabaseUrl.remember(password);     // masked in any message, as a URL's password is
            props.setProperty("password", password);
        }
        return props;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Database open(DatabaseUrl url, long busyTimeoutMillis, boolean sqliteWal, long waitMillis,
                                 java.util.function.Consumer<String> log, boolean create) {
        Properties props = credentials(url, System.getenv());
        if (url.sslPassword() != null) {
            props.setProperty("sslpassword", url.sslPassword());
        }
        if (url.dialect() == Dialect.SQLITE) {
            props.setProperty("busy_timeout", Long.toString(Math.min(Integer.MAX_VALUE, busyTimeoutMillis)));
            if (sqliteWal) {
                props.setProperty("journal_mode", "WAL");
            }
            props.setProperty("transaction_mode", "IMMEDIATE");
            // else every INSERT (a history row, a revision's data) is followed by SELECT last_insert_rowid()
            props.setProperty("jdbc.get_generated_keys", "false");
            if (!create) {
                props.setProperty("open_mode", Integer.toString(SQLiteOpenMode.READWRITE.flag)); // not CREATE
            } else if (url.sqliteFileToCreate() != null) {
                createSqliteFile(url.sqliteFileToCreate());
            }
        } else {
            props.setProperty("ApplicationName", "retort");
        }
        long deadline = System.currentTimeMillis() + waitMillis;
        boolean announced = false;
        while (true) {
            try {
                return new Database(url, Drivers.connect(url.dialect(), url.jdbcUrl(), props));
            } catch (SQLException e) {
                boolean refused = refusedForGood(e);
                if (System.currentTimeMillis() >= deadline || refused) {
                    if (!create && missingSqliteFile(url) != null) {
                        throw noSqliteDatabase(url.sqliteFile()); // removed since it was checked
                    }
                    throw new RetortException("Can't connect to " + url.display() + ": "
                            + DatabaseUrl.redact(e.getMessage()) + networkCause(e)
                            + (waitMillis > 0 && !refused ? " (waited " + seconds(waitMillis) + ")" : ""), e);
                }
                if (!announced) {
                    log.accept("Waiting up to " + seconds(waitMillis) + " for " + url.display()
                            + " to accept connections (" + DatabaseUrl.redact(e.getMessage()) + ")");
                    announced = true;
                }
                try {
                    Thread.sleep(Math.min(500, Math.max(1, deadline - System.currentTimeMillis())));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RetortException("Interrupted while waiting for " + url.display());
                }
            }
        }
    }

    /**
     * The server answered and refused: a wrong password or role (SQLSTATE class 28), no such
     * database (3D000), no password given. Waiting (--wait-timeout) would not change it, and every
     * retry would be one more failed login for the server's lockout rules to count.
     */
    private static boolean refusedForGood(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return state.startsWith("28") || state.equals("3D000")
                || String.valueOf(e.getMessage()).contains("no password was provided");
    }

    /** What pgjdbc's "The connection attempt failed." leaves in its cause: an unknown host, a time-out. */
    private static String networkCause(Throwable e) {
        if (String.valueOf(e.getMessage()).contains("no password was provided")) {
            return " Give the password in the URL, in PGPASSWORD, or in ~/.pgpass.";
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return " (unknown host " + t.getMessage() + ": check the host name in the URL)";
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.NoRouteToHostException) {
                return " (" + t.getMessage() + ": check the host and that a firewall lets the port through)";
            }
        }
        return "";
    }

    /**
     * Creates a missing SQLite file (and its directory) atomically, before connecting. sqlite-jdbc
     * probes a missing file by creating and deleting it, so a run that opened the file in between
     * would write to a deleted file (SQLITE_READONLY_DBMOVED) when several runs start on a new
     * database at once. An empty file is an empty SQLite database.
     */
    static void createSqliteFile(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // there already, or created by a run that started at the same moment
            }
        } catch (IOException e) {
            throw cannotCreate(file, e);
        }
    }

    /** Names the directory to fix: the denied path is the one not yet created, its parent is not writable. */
    static RetortException cannotCreate(Path file, IOException e) {
        Path denied = e instanceof AccessDeniedException a && a.getFile() != null ? Path.of(a.getFile()) : null;
        String why = denied != null && denied.getParent() != null
                ? "permission denied: this user can't create " + denied.getFileName() + " in " + denied.getParent()
                : e instanceof FileAlreadyExistsException ? e.getMessage() + " is not a directory"
                : e instanceof java.nio.file.FileSystemException ? e.getMessage() : e.toString();
        return new RetortException("Can't create the SQLite database " + file + " (" + why + "). Check the path"
                + " in the database URL and that its directory is writable.");
    }

    /** A timeout as the user gave it: "600 s", "1.5 s", "0.25 s". */
    public static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** What a statement that {@link StopRequest#stop} ended says. */
    public static final String STOPPED = "interrupted: retort was stopped (Ctrl-C or kill)";

    private static final java.util.regex.Pattern SQLITE_GENERIC =
            java.util.regex.Pattern.compile("(?s)\\[SQLITE_\\w+][^(]*\\((.*)\\)\\s*");

    /**
     * The database's error as a sentence for retort's messages: sqlite-jdbc's text without the result
     * code's generic words ("[SQLITE_ERROR] SQL error or missing database (no such table: t)" says
     * "missing database" of every syntax error): "no such table: t".
     */
    public static String errorText(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("[SQLITE_INTERRUPT]") || StopRequest.causedStop(e)) {   // sqlite3_interrupt, PostgreSQL's cancel
            return STOPPED;
        }
        java.util.regex.Matcher g = SQLITE_GENERIC.matcher(m);
        String text = g.matches() ? g.group(1) : m;
        // the file may be writable: SQLite also writes its journal (or WAL) beside it, so the directory must be
        return text.contains("attempt to write a readonly database") || text.contains("unable to open database file")
                ? text + " (the database file and its directory must both be writable: SQLite writes its journal"
                + " beside the file)" : text;
    }

    /** What to do about a lock timeout, for the command line and Spring Boot alike. */
    static final String RAISE_LOCK_TIMEOUT = "raise the lock timeout (--lock-timeout; lockTimeoutMillis(...) in Java;"
            + " retort.lock-timeout in Spring Boot)";

    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        StopRequest.forget(connection);
        giveBack.run();
        closeQuietly(connection);
    }
}
