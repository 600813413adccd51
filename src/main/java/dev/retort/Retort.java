package dev.retort;

import dev.retort.api.BranchPoint;
import dev.retort.api.CheckResult;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.Defaults;
import dev.retort.api.Dialect;
import dev.retort.api.HistoryEntry;
import dev.retort.api.LintResult;
import dev.retort.api.MigrateResult;
import dev.retort.api.RetortException;
import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionInfo;
import dev.retort.api.SchemaDifference;
import dev.retort.api.Settings;
import dev.retort.api.StepInfo;
import dev.retort.api.UrlMask;
import dev.retort.db.DdlLocks;
import dev.retort.db.Checksum;
import dev.retort.db.Database;
import dev.retort.db.DatabaseUrl;
import dev.retort.db.Executor;
import dev.retort.db.HistoryTable;
import dev.retort.db.OfflineWriter;
import dev.retort.db.VersionTable;
import dev.retort.diagram.Diagram;
import dev.retort.graph.Node;
import dev.retort.graph.Plan;
import dev.retort.graph.Planner;
import dev.retort.graph.Queries;
import dev.retort.graph.RevisionMap;
import dev.retort.graph.Step;
import dev.retort.graph.Target;
import dev.retort.script.Location;
import dev.retort.script.RevisionWriter;
import dev.retort.script.ScriptDirectory;
import dev.retort.transfer.Copy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * retort's public API: one method per command. The command line is a thin layer over it, so an
 * application can do at start-up whatever the CLI does:
 *
 * <pre>{@code
 * Retort retort = Retort.configure()
 *         .url("sqlite:///data/app.db")
 *         .revisions(Path.of("revisions"))
 *         .load();
 * MigrateResult result = retort.upgrade("head");
 * }</pre>
 *
 * Results are the records of {@code dev.retort.api} ({@link RevisionInfo}, {@link MigrateResult},
 * {@link CheckResult}, {@link HistoryEntry}, {@link CopyResult}, {@link LintResult},
 * {@link RevisionGraph}, {@link SchemaDifference}), never the graph's or the database's own types.
 * Methods that change the database either complete or throw a {@link RetortException} whose
 * message says what failed and where; a failing revision is rolled back.
 */
public final class Retort {
    private final Config settings;
    /** Why the configured URL did not parse, or null: only the commands that use the database fail on it. */
    private final RetortException badUrl;
    private final Consumer<String> log;
    private final RevisionMap map;
    /** The application's pool when configured with {@link Builder#dataSource}, else null (connect by URL). */
    private final DataSource dataSource;
    /** The pool's database as its metadata describes it, read once. */
    private DatabaseUrl pooledUrl;

    /**
     * Where the database and the revision files are, and how runs behave, as the builder resolved them.
     *
     * @param givenUrl the URL as configured (null for a DataSource)
     * @param url      that URL, parsed; null when it did not parse (the database commands then
     *                 throw the parse error, while {@code heads} or {@code history} still work)
     */
    private record Config(String givenUrl, DatabaseUrl url, List<Location> locations, String versionTable,
                          String versionTableSchema, long lockTimeoutMillis, boolean singleTransaction,
                          boolean sqliteWal, long waitTimeoutMillis, DdlLocks ddlLocks) {
        Config {
            locations = List.copyOf(locations);
        }
    }

    private Retort(Config settings, RetortException badUrl, Consumer<String> log, RevisionMap map,
                   DataSource dataSource) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.badUrl = badUrl;
        this.log = log;
        this.map = map;
    }

    /** Starts a fluent configuration. */
    public static Builder configure() {
        return new Builder();
    }

    /** Fluent configuration of a {@link Retort}; every setting starts at its {@link Defaults} value. */
    public static final class Builder {
        private String url = Defaults.URL;
        private String user;
        private String password;
        private DataSource dataSource;
        private final List<Location> locations = new ArrayList<>();
        private ClassLoader classLoader;
        private String versionTable = Defaults.VERSION_TABLE;
        private String versionTableSchema;
        private long lockTimeoutMillis = Defaults.LOCK_TIMEOUT_MILLIS;
        private boolean singleTransaction = Defaults.SINGLE_TRANSACTION;
        private long waitTimeoutMillis = Defaults.WAIT_TIMEOUT_MILLIS;
        private boolean sqliteWal = Defaults.SQLITE_WAL;
        private Consumer<String> log = System.err::println;
        private long ddlLockTimeoutMillis = Defaults.DDL_LOCK_TIMEOUT_MILLIS;
        private int ddlRetries = Defaults.DDL_RETRIES;

        private Builder() {
        }

        /** The database URL; default {@value Defaults#URL}. Parsed by {@link #load()}. */
        public Builder url(String url) {
            return url(url, null, null);
        }

        /**
         * The database URL, logging in as {@code user} with {@code password} (each null keeps what
         * the URL says), as Flyway's {@code dataSource(url, user, password)}. The password is
         * redacted from every message like one written in the URL.
         */
        public Builder url(String url, String user, String password) {
            this.url = Objects.requireNonNull(url, "url");
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Connects through an application's pool instead of a URL: the pool's own credentials (retort
         * never sees a password), the dialect from the connection's metadata (SQLite or PostgreSQL,
         * anything else is refused), and every connection a command takes is closed (given back)
         * when it ends, success or failure. On SQLite, for the command, {@link #lockTimeoutMillis} is
         * the connection's busy timeout and its transactions begin IMMEDIATE, as on retort's own
         * connections; the pool's values (and the portable rebuild's {@code PRAGMA foreign_keys}) are
         * put back before the connection returns to the pool. The journal mode stays the pool's
         * ({@link #sqliteWal} does not apply), and so does the connection timeout
         * ({@link #waitTimeoutMillis} does not apply).
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * A revisions directory on disk (the same as {@code locations("filesystem:" + dir)}); may be
         * given several times, and mixed with {@link #locations}. Default {@code revisions/}.
         */
        public Builder revisions(Path dir) {
            locations.add(Location.of(Objects.requireNonNull(dir, "revisions")));
            return this;
        }

        /** Each of {@code dirs}, as {@link #revisions(Path)}. */
        public Builder revisions(List<Path> dirs) {
            dirs.forEach(this::revisions);
            return this;
        }

        /**
         * Where the revision files are, read in the order given (files by name within one):
         * {@code classpath:db/revisions} (every directory and jar of the {@link #classLoader} that
         * holds {@code db/revisions/}, Spring Boot's nested jars included) or
         * {@code filesystem:revisions}; a string without a prefix is a filesystem path. Adds to
         * those given before. Default {@code revisions/}.
         */
        public Builder locations(String... locations) {
            return locations(java.util.Arrays.asList(locations));     // List.of would refuse a null unnamed
        }

        /** Each of {@code locations}, as {@link #locations(String...)}. */
        public Builder locations(List<String> locations) {
            locations.forEach(l -> this.locations.add(Location.parse(Objects.requireNonNull(l, "location"))));
            return this;
        }

        /**
         * Where {@code classpath:} locations look; default the thread's context class loader when
         * {@link #load()} runs, else retort's own.
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** The version table's name; default {@value Defaults#VERSION_TABLE}. */
        public Builder versionTable(String name) {
            if (Objects.requireNonNull(name, "versionTable").isBlank()) {
                throw new IllegalArgumentException("versionTable is a table name, not blank");
            }
            this.versionTable = name;
            return this;
        }

        /** The version table's schema (PostgreSQL); default (null) the connection's. */
        public Builder versionTableSchema(String schema) {
            if (schema != null && schema.isBlank()) {
                throw new IllegalArgumentException("versionTableSchema is a schema name, or null for the"
                        + " connection's current schema; not blank");
            }
            this.versionTableSchema = schema;
            return this;
        }

        /**
         * How long a run waits for another one to finish before giving up: the PostgreSQL advisory
         * lock, the SQLite write lock (busy timeout). Default 10 minutes.
         */
        public Builder lockTimeoutMillis(long millis) {
            this.lockTimeoutMillis = notNegative(millis, "lockTimeoutMillis");
            return this;
        }

        /** How long to wait for the database to accept connections (default 0: fail at once). */
        public Builder waitTimeoutMillis(long millis) {
            this.waitTimeoutMillis = notNegative(millis, "waitTimeoutMillis");
            return this;
        }

        /** Run the whole upgrade/downgrade in one transaction instead of one per revision. */
        public Builder singleTransaction(boolean single) {
            this.singleTransaction = single;
            return this;
        }

        /** Use SQLite's WAL journal (default false). */
        public Builder sqliteWal(boolean wal) {
            this.sqliteWal = wal;
            return this;
        }

        /**
         * PostgreSQL: the {@code lock_timeout} each revision's transaction sets (default 5 s; 0 turns
         * it off). A revision whose statement hits it is rolled back and retried.
         */
        public Builder ddlLockTimeoutMillis(long millis) {
            this.ddlLockTimeoutMillis = notNegative(millis, "ddlLockTimeoutMillis");
            return this;
        }

        /** How many times a revision that hit the DDL lock timeout is retried: 0 to 1000 (default 10). */
        public Builder ddlRetries(int retries) {
            if (retries < 0 || retries > 1000) {
                throw new IllegalArgumentException("ddlRetries (retort.ddl-retries) is a number from 0 to 1000, not "
                        + retries);
            }
            this.ddlRetries = retries;
            return this;
        }

        /** A timeout is 0 (no wait, or off) or more; a negative one would quietly mean something else. */
        private static long notNegative(long millis, String name) {
            if (millis < 0) {
                throw new IllegalArgumentException(name + " is 0 or more milliseconds, not " + millis);
            }
            return millis;
        }

        /**
         * Where progress lines ("Running upgrade a -> b, message") and warnings ("WARNING: no SQLite
         * database at PATH; ...") go; default stderr.
         */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Reads the revision files and checks the graph. */
        public Retort load() {
            List<Location> where = locations.isEmpty() ? List.of(Location.of(Defaults.REVISIONS)) : locations;
            ClassLoader loader = classLoader != null ? classLoader
                    : Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : Retort.class.getClassLoader();
            DatabaseUrl parsed = null;
            RetortException bad = null;
            if (dataSource == null) {
                try {
                    parsed = DatabaseUrl.parse(url);
                    parsed = user == null && password == null ? parsed : parsed.withCredentials(user, password);
                } catch (RetortException e) {
                    bad = e;
                }
            }
            Config s = new Config(dataSource == null ? url : null, parsed, where, versionTable, versionTableSchema,
                    lockTimeoutMillis, singleTransaction, sqliteWal, waitTimeoutMillis,
                    new DdlLocks(ddlLockTimeoutMillis, ddlRetries));
            return new Retort(s, bad, log, new RevisionMap(ScriptDirectory.load(where, loader)), dataSource);
        }
    }

    /**
     * {@code copy}: copies a SQLite database into PostgreSQL ({@link Copy}). Static because the
     * revision files are read only when the target is empty and its schema has to be created.
     */
    public static CopyResult copy(CopyOptions options, Consumer<String> log) {
        return Copy.run(options, log, dirs -> {
            RevisionMap revisions = new RevisionMap(ScriptDirectory.load(dirs));
            return (targetRows, sourceRows) -> Planner.upgrade(revisions, targetRows,
                    sourceRows.size() == 1 ? Target.of(sourceRows.get(0)) : Target.of(sourceRows));
        });
    }

    /** The configuration this instance runs with, defaults filled in; the URL's password masked. */
    public Settings settings() {
        Config c = settings;
        return new Settings(UrlMask.of(c.givenUrl()), c.locations().stream().map(Location::spec).toList(),
                c.versionTable(), c.versionTableSchema(), Duration.ofMillis(c.lockTimeoutMillis()),
                Duration.ofMillis(c.waitTimeoutMillis()), c.singleTransaction(), c.sqliteWal(),
                Duration.ofMillis(c.ddlLocks().timeoutMillis()), c.ddlLocks().retries());
    }

    /**
     * The database URL with its password masked; for a {@link Builder#dataSource DataSource}, the
     * JDBC URL of its connections' metadata without user or password.
     */
    public String displayUrl() {
        return url().display();
    }

    /** The configured URL, parsed; the parse error when it did not parse; the pool's, described. */
    private DatabaseUrl url() {
        if (dataSource != null) {
            if (pooledUrl == null) {
                pooledUrl = Database.describe(dataSource);
            }
            return pooledUrl;
        }
        if (badUrl != null) {
            throw new RetortException(badUrl.getMessage(), badUrl.exitCode(), badUrl);
        }
        return settings.url();
    }

    // ---------------------------------------------------------------- graph commands (no database)

    /** {@code heads}: versioned heads, or only real heads with resolveDependencies. */
    public List<RevisionInfo> heads(boolean resolveDependencies) {
        return Results.revisions(resolveDependencies ? Queries.resolve(map, Target.of("heads")) : map.heads());
    }

    /** {@code show REV}: the revisions an identifier stands for ({@code current}: the version rows). */
    public List<RevisionInfo> show(String rev) {
        Objects.requireNonNull(rev, "rev");
        Target id = rev.equals("current") ? Target.of(currentRows()) : Target.of(rev);
        return Results.revisions(Queries.resolve(map, id).stream().filter(Objects::nonNull).toList());
    }

    /** {@code branches}: the branch points, in history order. */
    public List<BranchPoint> branchPoints() {
        return Queries.history(map, Target.of("base"), Target.of("heads")).stream().filter(Node::isBranchPoint)
                .map(n -> new BranchPoint(Results.revision(n), Results.revisions(
                        n.children().stream().sorted(Comparator.comparing(Node::id)).toList())))
                .toList();
    }

    /**
     * {@code history -r RANGE}: newest first. {@code current} on either side of the range stands
     * for the version rows (and reads the database).
     */
    public List<RevisionInfo> history(String range) {
        return Results.revisions(historyNodes(range, this::currentRows));
    }

    /** {@code rows} is asked for the version rows only when the range names {@code current}. */
    private List<Node> historyNodes(String range, java.util.function.Supplier<List<String>> rows) {
        Target base = Target.of("base");
        Target head = Target.of("heads");
        if (range != null) {
            String[] parts = range.strip().split(":", -1);
            if (parts.length < 2) {
                throw new RetortException("History range requires [start]:[end], [start]:, or :[end]");
            }
            if (parts.length > 2) {
                throw new RetortException("History range '" + range + "' has more than one ':'");
            }
            base = Target.of(parts[0].isEmpty() ? "base" : parts[0]);
            head = Target.of(parts[1].isEmpty() ? "heads" : parts[1]);
            if ("current".equals(parts[0]) || "current".equals(parts[1])) {
                List<String> read = rows.get();
                if ("current".equals(parts[1])) {
                    head = read.isEmpty() ? Target.of("heads") : Target.of(read);
                } else {
                    base = read.isEmpty() ? Target.of("base") : Target.of(read);
                }
            }
        }
        return Queries.history(map, base, head);
    }

    /**
     * {@code graph -r RANGE [-i]}: the revisions {@code history(range)} lists as a picture; with
     * {@code indicate}, also those applied to the database (rows and ancestors) and its current heads.
     */
    public RevisionGraph graph(String range, boolean indicate) {
        List<List<String>> read = new ArrayList<>(1);     // one read of the version rows per command
        java.util.function.Supplier<List<String>> once = () -> {
            if (read.isEmpty()) {
                read.add(currentRows());
            }
            return read.get(0);
        };
        List<Node> revisions = historyNodes(range, once);
        if (!indicate) {
            return Diagram.of(revisions);
        }
        List<String> rows = once.get();
        Set<String> current = new HashSet<>();
        current(rows).forEach(n -> current.add(n.id()));   // fails cleanly on a row no revision defines
        Set<String> applied = new HashSet<>();
        map.applied(rows).forEach(n -> applied.add(n.id()));
        return Diagram.of(revisions, applied, current);
    }

    // ---------------------------------------------------------------- database commands

    private VersionTable table(Database db) {
        refuseSchemaOnSqlite(db.dialect());
        return table(db.dialect());
    }

    /** A version-table schema on SQLite other than "main" names an attached database, which retort never attaches. */
    private void refuseSchemaOnSqlite(Dialect dialect) {
        if (dialect == Dialect.SQLITE && settings.versionTableSchema() != null
                && !settings.versionTableSchema().equalsIgnoreCase("main")) {
            throw RetortException.usage("The version table schema '" + settings.versionTableSchema() + "' is for"
                    + " PostgreSQL: SQLite has no schemas (a schema name there is an attached database, and retort"
                    + " attaches none; 'main' is the database itself). Leave it out for SQLite: --version-table-schema,"
                    + " version_table_schema in the configuration file, retort.version-table-schema in Spring Boot."
                    + " Nothing was changed.");
        }
    }

    private VersionTable table(Dialect dialect) {
        return new VersionTable(settings.versionTable(), settings.versionTableSchema(), dialect);
    }

    private <T> T withDatabase(Function<Database, T> body) {
        try (Database db = open()) {
            return body.apply(db);
        }
    }

    /** A connection for one command: from the pool, or by URL (a missing SQLite file is created). */
    private Database open() {
        if (dataSource != null) {
            return Database.open(dataSource, settings.lockTimeoutMillis());
        }
        refuseSchemaOnSqlite(url().dialect());    // before a new file is created
        return Database.open(url(), settings.lockTimeoutMillis(), settings.sqliteWal(), settings.waitTimeoutMillis(), log);
    }

    /**
     * Runs a command that only reads: it never creates a SQLite file ({@code missing} answers for
     * a file that is not there).
     */
    private <T> T reading(Function<Database, T> body, java.util.function.Supplier<T> missing) {
        if (dataSource != null) {
            return withDatabase(body);      // a pool's database exists: no extra borrow just to look for a file
        }
        DatabaseUrl url = url();
        refuseSchemaOnSqlite(url.dialect());
        if (Database.missingSqliteFile(url) != null) {
            return missing.get();
        }
        try (Database db = Database.openExisting(url, settings.lockTimeoutMillis(), settings.sqliteWal(),
                settings.waitTimeoutMillis(), log)) {
            return body.apply(db);
        }
    }

    /** The configured SQLite file when it does not exist yet (only upgrade, downgrade and stamp create it). */
    public Path missingSqliteFile() {
        return Database.missingSqliteFile(url());
    }

    private <T> T warnNoDatabase(T none) {
        log.accept("WARNING: no SQLite database at " + missingSqliteFile() + "; nothing has been applied"
                + " (nothing was created: only upgrade, downgrade and stamp create it)");
        return none;
    }

    private List<String> rows(Database db) {
        try {
            return table(db).rows(db.connection());
        } catch (SQLException e) {
            throw new RetortException("Can't read the version table from " + db.url().display() + ": "
                    + Database.errorText(e), e);
        }
    }

    /** The version rows, in the order the database returns them. */
    public List<String> currentRows() {
        return reading(this::rows, () -> warnNoDatabase(new ArrayList<>()));
    }

    /** {@code current}: the applied branch tips. */
    public List<RevisionInfo> current() {
        return current(currentRows());
    }

    /** The branch tips the given version rows stand for. */
    public List<RevisionInfo> current(List<String> rows) {
        return Results.revisions(Queries.current(map, rows));
    }

    /** {@code upgrade TARGET}: applies what is missing up to the target. */
    public MigrateResult upgrade(String target) {
        rejectRange(target);
        return migrate(rows -> Planner.upgrade(map, rows, Target.of(target)));
    }

    /** {@code downgrade TARGET}. */
    public MigrateResult downgrade(String target) {
        rejectRange(target);
        return migrate(rows -> Planner.downgrade(map, rows, target));
    }

    /** {@code stamp TARGET...}: rewrites the version rows without running any revision. */
    public MigrateResult stamp(List<String> targets, boolean purge) {
        Objects.requireNonNull(targets, "targets");
        return execute(rows -> Planner.stamp(map, rows, targets), purge);
    }

    /**
     * Plans and runs a writing command. On a SQLite file that does not exist yet, it first plans from
     * no rows and reads and checks that plan's statements: a command whose plan fails (an unknown
     * target, a Python revision to run, a COMMIT in a revision, a step that can't join
     * --single-transaction) creates no file. The run takes that plan and its statements when it
     * finds no rows, instead of making them again.
     */
    private MigrateResult execute(Function<List<String>, Plan> planner, boolean purge) {
        if (dataSource != null || Database.missingSqliteFile(url()) == null) {
            return executePrepared(planner, purge, null);
        }
        refuseSchemaOnSqlite(url().dialect());
        Executor.Prepared fresh = Executor.prepare(planner.apply(List.of()), Dialect.SQLITE,
                settings.singleTransaction());
        return executePrepared(rows -> rows.isEmpty() ? fresh.plan() : planner.apply(rows), purge, fresh);
    }

    private MigrateResult migrate(Function<List<String>, Plan> planner) {
        return execute(rows -> {
            Plan plan = planner.apply(rows);
            logWarnings(plan);
            return plan;
        }, false);
    }

    private MigrateResult executePrepared(Function<List<String>, Plan> planner, boolean purge,
                                         Executor.Prepared prepared) {
        return Results.run(withDatabase(db -> new Executor(db, table(db), settings.singleTransaction(),
                settings.lockTimeoutMillis(), settings.ddlLocks(), log).run(planner, purge, prepared)));
    }

    private static void rejectRange(String target) {
        Objects.requireNonNull(target, "target");
        if (target.contains(":")) {
            throw new RetortException("Range revision not allowed");
        }
    }

    /** The audit history of this database (retort's own table), oldest first. */
    public List<HistoryEntry> appliedHistory() {
        return reading(db -> {
            try {
                return new HistoryTable(table(db)).entries(db.connection()).stream().map(Results::historyEntry)
                        .toList();
            } catch (SQLException e) {
                throw new RetortException("Can't read the history table: " + Database.errorText(e), e);
            }
        }, () -> warnNoDatabase(List.of()));
    }

    /**
     * {@code check}: is the database at head, what would run, and does every applied revision
     * still have the SQL it ran with (compared by checksum with retort's history)?
     */
    public CheckResult check() {
        return reading(db -> {
            List<String> rows = rows(db);
            Map<String, HistoryTable.Entry> applied;
            try {
                applied = new HistoryTable(table(db)).lastApplied(db.connection());
            } catch (SQLException e) {
                throw new RetortException("Can't read the history table: " + Database.errorText(e), e);
            }
            List<String> unknown = rows.stream().filter(row -> !resolves(row)).toList();
            List<RevisionInfo> heads = Results.revisions(map.realHeads());
            if (!unknown.isEmpty()) {
                return new CheckResult(CheckResult.Status.MISMATCH, rows, List.of(), heads, List.of(), unknown,
                        List.of());
            }
            Set<Node> appliedNodes = map.applied(rows);
            List<CheckResult.Changed> changed = changedSince(appliedNodes, applied, db.dialect());
            List<StepInfo> pending = pendingToHeads(rows);
            CheckResult.Status status = !changed.isEmpty() ? CheckResult.Status.MISMATCH
                    : pending.isEmpty() ? CheckResult.Status.UP_TO_DATE : CheckResult.Status.PENDING;
            return new CheckResult(status, rows, Results.revisions(map.tips(appliedNodes)), heads, pending, unknown,
                    changed);
        }, () -> new CheckResult(CheckResult.Status.NO_DATABASE, List.of(), List.of(),
                Results.revisions(map.realHeads()), pendingToHeads(List.of()), List.of(), List.of()));
    }

    /** What an upgrade to heads would run from the given version rows. */
    private List<StepInfo> pendingToHeads(List<String> rows) {
        return Planner.upgrade(map, rows, Target.of("heads")).steps().stream()
                .map(step -> Results.step(step, null)).toList();
    }

    private boolean resolves(String row) {
        try {
            Queries.resolve(map, Target.of(row));
            return true;
        } catch (RetortException e) {
            return false;
        }
    }

    /** The applied revisions whose SQL is no longer what the history says ran. */
    private static List<CheckResult.Changed> changedSince(Set<Node> appliedNodes,
                                                          Map<String, HistoryTable.Entry> history, Dialect dialect) {
        List<CheckResult.Changed> changed = new ArrayList<>();
        for (Node n : appliedNodes) {
            HistoryTable.Entry e = history.get(n.id());
            if (e == null || e.checksum() == null) {
                continue;       // applied before retort kept history (e.g. by Alembic): nothing to compare
            }
            // on PostgreSQL a record without a database user was made on SQLite and came with `copy`: it
            // holds the checksum of the SQLite SQL, so that is what it is compared with
            Dialect ranOn = dialect == Dialect.POSTGRESQL && e.dbUser() == null ? Dialect.SQLITE : dialect;
            String now = Checksum.of(n.revision(), true, ranOn);
            if (now != null && !e.checksum().equals(now)) {
                changed.add(new CheckResult.Changed(n.id(), String.valueOf(n.revision().location()), e.checksum(), now,
                        e.startedAt()));
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------- schema drift

    /**
     * {@code check --schema}: the differences between this database's schema and the one its applied
     * revisions produce on an empty scratch database — SQLite: a temporary file; PostgreSQL:
     * {@code scratchUrl} (an empty database, left as the revisions made it), else a temporary database
     * created and dropped on the same server. retort's own tables are left out.
     */
    public List<SchemaDifference> schemaDrift(String scratchUrl) {
        if (dataSource != null && scratchUrl == null && url().dialect() == Dialect.POSTGRESQL) {
            // a temporary database would need the pool's credentials, which retort never sees
            throw RetortException.usage("The drift check through a DataSource needs the URL of an empty scratch"
                    + " database: give schemaDrift(scratchUrl) one.");
        }
        return reading(db -> {
            List<String> rows = rows(db);
            for (Node n : map.applied(rows)) {
                if (n.revision().python()) {
                    throw new RetortException("The drift check needs SQL or portable revisions: revision " + n.id()
                            + " (" + n.revision().location() + ") is an Alembic Python revision, whose schema retort can't"
                            + " build");
                }
            }
            VersionTable vt = table(db);
            Set<String> own = Set.of(vt.name(), new HistoryTable(vt).name());
            try {
                Map<dev.retort.drift.SchemaObject, String> found = dev.retort.drift.SchemaReader.read(db.connection(),
                        db.dialect(), own);
                return dev.retort.drift.SchemaDiff.compare(expectedSchema(db, rows, scratchUrl, own), found);
            } catch (SQLException e) {
                throw new RetortException("Can't read the schema of " + db.url().display() + ": " + Database.errorText(e), e);
            }
        }, () -> {
            throw Database.noSqliteDatabase(missingSqliteFile());
        });
    }

    /** The first schema of the connection's search path that exists (where new tables go), or null. */
    private static String firstSearchPathSchema(java.sql.Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT (current_schemas(false))[1]")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Map<dev.retort.drift.SchemaObject, String> expectedSchema(Database db, List<String> rows, String scratchUrl,
                                                                    Set<String> own) throws SQLException {
        dev.retort.drift.Scratch scratch = dev.retort.drift.Scratch.open(db, scratchUrl);
        // stopped (Ctrl-C, kill) while the revisions replay: the temporary database goes all the same
        Thread dropOnExit = new Thread(() -> scratch.dropWhileInUse(db));
        Runtime.getRuntime().addShutdownHook(dropOnExit);
        try (Database s = Database.open(scratch.url(), settings.lockTimeoutMillis(), false, 0, line -> { })) {
            if (!scratch.temporary() && !dev.retort.drift.SchemaReader.read(s.connection(), s.dialect(), Set.of())
                    .isEmpty()) {
                throw RetortException.usage("The scratch database (--scratch-url; schemaDrift(scratchUrl) in Java) "
                        + scratch.url().display() + " is not empty; give an empty"
                        + " database (the drift check builds the expected schema in it and leaves it so): drop and"
                        + " create it again before each check, or leave --scratch-url out for a temporary one");
            }
            if (!rows.isEmpty()) {
                VersionTable scratchTable = table(s);
                if (s.dialect() == Dialect.POSTGRESQL) {
                    // the version table's own schema, or the search path's first (?currentSchema=app) when the
                    // scratch has none of the path: made by hand on the database before its first revision could
                    // run (the version table needs it), so the scratch needs it too
                    String schema = scratchTable.schema();
                    if (schema == null && firstSearchPathSchema(s.connection()) == null) {
                        schema = firstSearchPathSchema(db.connection());
                    }
                    if (schema != null) {
                        try (java.sql.Statement st = s.connection().createStatement()) {
                            st.execute("CREATE SCHEMA IF NOT EXISTS " + scratchTable.quote(schema));
                        }
                    }
                }
                try {
                    new Executor(s, scratchTable, false, settings.lockTimeoutMillis(), new DdlLocks(0, 0), line -> { })
                            .run(r -> Planner.upgrade(map, r, Target.of(rows)), false);
                } catch (RetortException e) {
                    // the replay's own "the database is at ..." would read as the user's database
                    throw new RetortException("The drift check could not build the expected schema: replaying the"
                            + " revisions up to " + String.join(", ", rows) + " on the scratch database "
                            + scratch.url().display() + " failed (" + e.getMessage() + "). " + db.url().display()
                            + " itself was not changed. The revisions do not replay on an empty database as they"
                            + " ran on this one (a revision that depends on data, say); fix the revision, or give"
                            + " --scratch-url a database where they do.", e);
                }
            }
            return dev.retort.drift.SchemaReader.read(s.connection(), s.dialect(), own);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(dropOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook drops it
            }
            scratch.drop(db);
        }
    }

    // ---------------------------------------------------------------- lint

    /**
     * {@code lint TARGET}: checks the revisions {@code upgrade TARGET} would run on this database
     * against the {@link dev.retort.lint.Rules}. A table is new when a revision of the range creates
     * it; old column types come from the database's catalog.
     */
    public LintResult lint(String target) {
        rejectRange(target);
        return reading(db -> {
            Plan plan = Planner.upgrade(map, rows(db), Target.of(target));
            try {
                int major = db.dialect() == dev.retort.api.Dialect.POSTGRESQL
                        ? dev.retort.lint.Catalog.postgresMajor(db.connection()) : 11;
                return lint(plan.steps().stream().map(Step::revision).toList(), new dev.retort.lint.Linter.Options(
                        db.dialect(), major, dev.retort.lint.Catalog.columnTypes(db.connection(), db.dialect()), false));
            } catch (SQLException e) {
                throw new RetortException("Can't read the catalog of " + db.url().display() + ": " + Database.errorText(e), e);
            }
        }, () -> warnNoDatabase(lint(Planner.upgrade(map, List.of(), Target.of(target)).steps().stream()
                .map(Step::revision).toList(), new dev.retort.lint.Linter.Options(dev.retort.api.Dialect.SQLITE, 11,
                Map.of(), false))));
    }

    /**
     * {@code lint --all}: checks every revision, base to heads, without a database: a table is new
     * only in the revision that creates it, old column types come from the revisions, and
     * PostgreSQL is taken to be 11 or later.
     */
    public LintResult lintAll(dev.retort.api.Dialect dialect) {
        List<dev.retort.script.Revision> all = Planner.upgrade(map, List.of(), Target.of("heads")).steps().stream()
                .map(Step::revision).toList();
        return lint(all, new dev.retort.lint.Linter.Options(dialect, 11, Map.of(), true));
    }

    private static LintResult lint(List<dev.retort.script.Revision> revisions,
                                                   dev.retort.lint.Linter.Options options) {
        List<dev.retort.lint.LintRevision> input = new ArrayList<>();
        List<String> python = new ArrayList<>();
        for (dev.retort.script.Revision r : revisions) {
            dev.retort.lint.LintRevision lr = dev.retort.lint.SqlRevisions.of(r, options.dialect());
            if (lr == null) {
                python.add(String.valueOf(r.location()));
            } else {
                input.add(lr);
            }
        }
        return dev.retort.lint.Linter.lint(input, python, options);
    }

    // ---------------------------------------------------------------- offline (--sql)

    /** {@code upgrade [FROM:]TO --sql}: the SQL script, nothing is read from or written to the database. */
    public String upgradeSql(String range) {
        Dialect dialect = url().dialect();
        generating();
        String[] r = splitRange(range);
        return offline(Planner.upgrade(map, Queries.offlineStart(map, r[0]), Target.of(r[1])), dialect);
    }

    /** {@code downgrade FROM:TO --sql}. */
    public String downgradeSql(String range) {
        Dialect dialect = url().dialect();
        if (!Objects.requireNonNull(range, "range").contains(":")) {
            throw new RetortException("downgrade with --sql requires <fromrev>:<torev>");
        }
        generating();
        String[] r = splitRange(range);
        return offline(Planner.downgrade(map, Queries.offlineStart(map, r[0]), r[1]), dialect);
    }

    /** {@code stamp [FROM:]TO... --sql}. */
    public String stampSql(List<String> targets, boolean purge) {
        Dialect dialect = url().dialect();
        if (purge) {
            throw new RetortException("Can't use --purge with --sql mode");
        }
        generating();
        String start = null;
        List<String> dests = new ArrayList<>();
        for (String t : targets) {
            String dest = t;
            if (t.contains(":")) {
                String[] r = splitRange(t);
                if (!Objects.equals(start, r[0])) {
                    if (start != null) {
                        throw new RetortException("Stamp operation with --sql only supports a single starting"
                                + " revision at a time");
                    }
                    start = r[0];
                }
                dest = r[1];
            }
            dests.add(dest);
        }
        return offline(Planner.stamp(map, Queries.offlineStart(map, start), dests), dialect);
    }

    /**
     * The script of a plan; once it is complete, the progress lines Alembic logs while writing it
     * ("Running upgrade a -> b, doc", warnings) go to the log, as they do online.
     */
    /** Alembic's first log line of an offline run, once its command-line checks have passed. */
    private void generating() {
        log.accept("Generating static SQL");
    }

    private String offline(Plan plan, Dialect dialect) {
        String script = OfflineWriter.render(plan, table(dialect));
        logWarnings(plan);
        plan.steps().forEach(step -> log.accept(step.logLine()));
        return script;
    }

    private void logWarnings(Plan plan) {
        plan.warnings().forEach(w -> log.accept("UserWarning: " + w));
    }

    private static String[] splitRange(String range) {
        Objects.requireNonNull(range, "range");
        String[] parts = range.split(":", -1);
        if (parts.length > 2) {
            throw new RetortException("Range '" + range + "' has more than one ':'; write FROM:TO");
        }
        return parts.length == 2 ? parts : new String[] {null, parts[0]};
    }

    // ---------------------------------------------------------------- new revision files

    /**
     * Options of {@code revision}.
     *
     * @param versionPath the directory to write into ({@code --version-path}): one of the filesystem
     *                    locations, created if missing; null for Alembic's choice (the only location,
     *                    else the first head's directory)
     */
    public record NewRevision(String message, String head, boolean splice, String branchLabel,
                              List<String> dependsOn, String revId, RevisionWriter.Format format, Path versionPath) {
        public NewRevision {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            format = format == null ? RevisionWriter.Format.SQL : format;
        }

        /** Written where Alembic would write it. */
        public NewRevision(String message, String head, boolean splice, String branchLabel, List<String> dependsOn,
                           String revId, RevisionWriter.Format format) {
            this(message, head, splice, branchLabel, dependsOn, revId, format, null);
        }

        /** A SQL revision, written where Alembic would write it. */
        public NewRevision(String message, String head, boolean splice, String branchLabel, List<String> dependsOn,
                           String revId) {
            this(message, head, splice, branchLabel, dependsOn, revId, RevisionWriter.Format.SQL);
        }
    }

    /** {@code revision -m MSG}: writes a new, empty SQL revision file and returns its path. */
    public Path revision(NewRevision opts) {
        return generate(opts.revId(), opts.message(), Target.of(opts.head() == null ? "head" : opts.head()),
                opts.splice(), opts.branchLabel(), opts.dependsOn(), "Multiple heads are present; please specify the"
                        + " head revision on which the new revision should be based, or perform a merge.",
                opts.format(), opts.versionPath());
    }

    /** {@code merge REVS... -m MSG}: writes a merge revision of the given heads. */
    public Path merge(List<String> revisions, String message, String branchLabel, String revId) {
        return merge(revisions, message, branchLabel, revId, RevisionWriter.Format.SQL);
    }

    /** {@code merge} writing a revision of the given format (a portable revision for YAML). */
    public Path merge(List<String> revisions, String message, String branchLabel, String revId,
                      RevisionWriter.Format format) {
        return generate(revId, message, Target.of(revisions), false, branchLabel, List.of(), null, format, null);
    }

    /**
     * Where a new revision goes: {@code versionPath} if it is one of the filesystem locations, else
     * the only location, else next to the first head's file (Alembic's rule). A class path one is
     * refused: it is build output or inside a jar.
     */
    private Path writeDirectory(List<Node> heads, Path versionPath) {
        List<Location> locations = settings.locations();
        if (versionPath != null) {
            Path wanted = versionPath.toAbsolutePath().normalize();
            boolean configured = locations.stream().anyMatch(l -> l instanceof Location.Filesystem f
                    && f.dir().toAbsolutePath().normalize().equals(wanted));
            if (!configured) {
                throw new RetortException("Path " + versionPath + " is not represented in current version locations");
            }
            try {
                return Files.createDirectories(wanted);
            } catch (IOException e) {
                throw new RetortException("Can't create the directory " + wanted + ": " + e.getMessage(), e);
            }
        }
        Node head = heads.stream().filter(Objects::nonNull).findFirst().orElse(null);
        if (locations.size() > 1 && head == null) {
            throw new RetortException("Multiple version locations present, please specify --version-path");
        }
        if (locations.size() == 1 && locations.get(0) instanceof Location.Filesystem f) {
            return f.dir();
        }
        if (head != null && head.revision().file() != null) {
            return head.revision().file().getParent();
        }
        String where = head != null ? "revision " + head.id() + " is " + head.revision().location()
                : "the revisions are in " + locations.get(0);
        throw RetortException.usage("Can't write a revision into the class path: " + where + ". Give the"
                + " directory of the revision files as a filesystem: location (--revisions filesystem:DIR)"
                + " to write it there.");
    }

    private Path generate(String revId, String message, Target head, boolean splice, String branchLabel,
                          List<String> dependsOn, String multipleHeadsMessage, RevisionWriter.Format format,
                          Path versionPath) {
        String id = revId == null ? RevisionWriter.newRevisionId() : revId;
        Queries.checkRevisionId(id);
        List<Node> heads = Queries.resolveForNewRevision(map, head, multipleHeadsMessage);
        if (new HashSet<>(heads).size() != heads.size()) {
            throw new RetortException("Duplicate head revisions specified");
        }
        Path dir = writeDirectory(heads, versionPath);
        if (!splice) {
            for (Node h : heads) {
                if (h != null && !h.isHead()) {
                    throw new RetortException("Revision " + h.id() + " is not a head revision; please specify"
                            + " --splice to create a new branch from this revision");
                }
            }
        }
        List<String> deps = new ArrayList<>();
        for (String d : dependsOn) {
            Node n = Queries.resolveOne(map, d);
            if (n == null) {
                throw new RetortException("Can't locate revision identified by '" + d + "'");
            }
            deps.add(n.labels().contains(d) ? d : n.id());     // labels include the revision's own
        }
        Node existing = map.byId(id);
        if (existing != null) {
            throw new RetortException("Revision " + id + " already exists (" + existing.revision().location()
                    + "); choose another --rev-id");
        }
        if (branchLabel != null) {
            Queries.checkNewLabel(map, id, branchLabel);
        }
        List<String> down = heads.stream().filter(Objects::nonNull).map(Node::id).toList();
        return RevisionWriter.write(dir, id, message, down, branchLabel == null ? List.of() : List.of(branchLabel),
                deps, LocalDateTime.now(), format);
    }
}
