package dev.retort.transfer;

import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.api.Defaults;
import dev.retort.db.AdvisoryLock;
import dev.retort.db.Database;
import dev.retort.db.DdlLocks;
import dev.retort.db.DatabaseUrl;
import dev.retort.db.HistoryTable;
import dev.retort.db.PlanInTransaction;
import dev.retort.db.VersionTable;
import dev.retort.graph.Plan;
import dev.retort.graph.RowChange;
import dev.retort.graph.Step;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.sqlite.jdbc3.JDBC3ResultSet;

/**
 * {@code retort copy}: moves an application's data from SQLite to PostgreSQL, all or nothing.
 *
 * <ol>
 *   <li>Preflight on the source, read-only: quick_check, integrity_check, foreign_key_check. Problems
 *       stop the copy (status PREFLIGHT_FAILED, exit 5) with a report and cleanup SQL; with
 *       {@code skipOrphans} orphaned rows are handled by their keys' ON DELETE ({@link Preflight}).
 *       No other process may be writing to the source (its locks and journal are looked at first).</li>
 *   <li>Target schema: an empty target is brought to the source's revision with retort's own upgrade;
 *       a target that has tables (created by the application) is used as it is, if its version table
 *       agrees with the source's and this role owns the tables. Tables already holding rows are refused
 *       unless {@code replace}; rows that the revisions run for an empty target inserted give way to
 *       the source's.</li>
 *   <li>Every table, parents first, through COPY (text format), converted by the target column's type
 *       ({@link TypeConverter}); identifiers always quoted.</li>
 *   <li>One transaction on the target: any failure rolls it back to exactly what it was. On success the
 *       sequences are set past the copied ids and every table is verified: row counts and a content
 *       checksum computed on both sides ({@link RowHash}). If the source changed meanwhile (another
 *       process committed, or holds a write transaction), the copy rolls back.</li>
 * </ol>
 */
public final class Copy {
    private static final int CHUNK = 1 << 20;
    /** A buffer's capacity: a chunk and the row that passes it. */
    private static final int BUFFER = CHUNK + (CHUNK >> 2);
    private static final int MAX_PROBLEMS = 100;
    private static final String ROLLED_BACK = " Nothing was changed on the target (rolled back).";
    private static final MethodHandle COLUMN_TYPE;

    static {
        try {
            MethodHandle h = MethodHandles.privateLookupIn(JDBC3ResultSet.class, MethodHandles.lookup())
                    .findVirtual(JDBC3ResultSet.class, "safeGetColumnType", MethodType.methodType(int.class, int.class));
            COLUMN_TYPE = h.asType(MethodType.methodType(int.class, JDBC3ResultSet.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A source column and the target column it goes to. */
    private record ColumnMap(String source, PgSchema.Column target, boolean hashed) {
    }

    /** A source table and the target table it goes to. */
    private record TableMap(SqliteSource.Table source, PgSchema.Table target, List<ColumnMap> columns, boolean append) {
    }

    /** The source's tables to copy and its version rows. */
    private record Source(List<SqliteSource.Table> tables, List<String> versionRows, boolean hasHistory) {
    }

    /** The target's schema, where it came from, and the tables written to. */
    private record TargetSchema(PgSchema schema, CopyResult.SchemaSource origin, Map<String, TableMap> byName) {
    }

    /** The target's foreign keys and plain indexes ({qualified name, CREATE INDEX}) dropped for the load. */
    private record Deferred(List<PgSchema.ForeignKey> foreignKeys, List<String[]> indexes, List<Trigger> triggers) {
    }

    /** A user trigger of a table written to, held off during the load; {@code enable} puts back its mode. */
    private record Trigger(String table, String qualifiedTable, String name, String enable) {
    }

    private final CopyOptions options;
    private final Consumer<String> log;
    private final RevisionFiles revisionFiles;
    private final DatabaseUrl from;
    private final DatabaseUrl to;
    private final long t0 = System.nanoTime();
    private final List<String> notes = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long problemCount;
    private final TypeConverter converter = new TypeConverter();
    private CompletableFuture<List<List<String>>> checks;
    private CopyResult.Preflight preflight;
    private List<String> sourceVersionRows = List.of();
    /** What the source holds without rows of its own (shadow tables, FTS indexes over other tables), by name: why. */
    private Map<String, String> skipped = Map.of();
    /** The history records of the revisions the copy ran for an empty target, appended after the source's. */
    private List<HistoryTable.Entry> schemaStepHistory = List.of();
    /** The statement running on the target, for the message if it fails. */
    private String statement;

    private Copy(CopyOptions options, Consumer<String> log, RevisionFiles revisionFiles) {
        this.options = options;
        this.log = log;
        this.revisionFiles = revisionFiles;
        this.from = DatabaseUrl.parse(options.from());
        this.to = DatabaseUrl.parse(options.to());
    }

    /**
     * Runs the copy ({@code Retort.copy} is the front door).
     *
     * @param revisionFiles reads the revision files, when the target's schema has to be created
     * @return the report: COPIED (verified) or PREFLIGHT_FAILED (nothing written)
     * @throws CopyException    the copy failed; the target was rolled back
     * @throws RetortException  bad URLs or options, or a source that can't be read (exit 2), or a
     *                          failure before anything was written
     */
    public static CopyResult run(CopyOptions options, Consumer<String> log, RevisionFiles revisionFiles) {
        return new Copy(options, log, revisionFiles).run();
    }

    private CopyResult run() {
        if (from.dialect() != Dialect.SQLITE || from.sqliteFile() == null) {
            throw RetortException.usage("--from must be a SQLite database file (sqlite:///path.db), not "
                    + from.display());
        }
        if (to.dialect() != Dialect.POSTGRESQL) {
            throw RetortException.usage("--to must be a PostgreSQL database (postgresql://user@host/db), not "
                    + to.display());
        }
        Path file = from.sqliteFile();
        if (Files.isRegularFile(file)) {
            waitForWriter(file);
        }
        SourceWatch.State before = SourceWatch.state(file);
        SqliteSource src = SqliteSource.open(file, options.lockTimeoutMillis(), log);
        try (src; Database target = Database.open(to, 30_000, false); AdvisoryLock lock = migrationLock(target)) {
            Connection pg = target.connection();
            try {
                pg.setAutoCommit(false);
                CopyResult report = copy(src, pg);
                if (report.status() == CopyResult.Status.COPIED) {
                    checkSourceUnchanged(src, file, before);
                    pg.commit();
                    log.accept("Committed: " + report.rows() + " rows in " + report.tables().size() + " tables,"
                            + " verified");
                } else {
                    pg.rollback();
                }
                return report;
            } catch (SQLException | RuntimeException e) {
                rollback(pg);
                if (preflight != null) {
                    // a damaged source explains a failure better than the failure itself
                    CopyResult.Preflight p = withChecks(preflight);
                    if (p.damaged()) {
                        return preflightFailed(p, "Preflight found problems; nothing was copied.");
                    }
                }
                throw failure(e);
            }
        }
    }

    /**
     * The migration lock of the target's version table, which an upgrade holds too: a second copy or
     * an upgrade waits for it, then finds the target copied (or migrated) and says so, instead of
     * colliding with this copy on a CREATE TABLE.
     */
    private AdvisoryLock migrationLock(Database target) {
        try {
            return AdvisoryLock.acquire(target, targetVersionTable(), options.lockTimeoutMillis(), log);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Waits up to the lock timeout while another process writes to the source, saying so at once. */
    private void waitForWriter(Path file) {
        String writer = SourceWatch.writer(file);
        if (writer == null) {
            return;
        }
        long millis = options.lockTimeoutMillis();
        log.accept("Waiting up to " + Database.seconds(millis) + " (--lock-timeout) for " + file + ": another"
                + " process is writing to it (" + writer + "). Stop the application to go on at once.");
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (writer != null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            writer = SourceWatch.writer(file);
        }
        if (writer != null) {
            throw new RetortException("Another process is still writing to " + file + " after "
                    + Database.seconds(millis) + " (--lock-timeout): " + writer + ". " + stopTheApp(file)
                    + " Nothing was written.", 1, null);
        }
    }

    private static String stopTheApp(Path file) {
        return "Stop the application that uses it (when it is stopped, fuser -v " + file + "* lists no process),"
                + " then run the copy again.";
    }

    /**
     * The last step before the commit: the snapshot ends, and nothing may show another process writing
     * (committed since the snapshot, or holding a write transaction now). The probe runs once this
     * process holds no SQLite connection to the file (see {@link SourceWatch#writer}).
     */
    private void checkSourceUnchanged(SqliteSource src, Path file, SourceWatch.State before) throws SQLException {
        boolean committed = src.changedSinceOpen();
        src.close();
        SourceWatch.State after = SourceWatch.state(file);
        String writer = SourceWatch.writer(file);
        String what = writer != null ? writer
                : committed || !after.equals(before) ? "it committed changes while the copy read the file" : null;
        if (what != null) {
            throw new CopyException("Another process wrote to " + file + " during the copy (" + what + "), so the"
                    + " copy may lack its latest rows." + ROLLED_BACK + " " + stopTheApp(file), problems,
                    problemCount, null);
        }
    }

    private CopyResult preflightFailed(CopyResult.Preflight p, String message) {
        log.accept(message);
        return new CopyResult(CopyResult.Status.PREFLIGHT_FAILED, from.display(), to.display(), p, null,
                sourceVersionRows, List.of(), notes, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The same preflight with the results of quick_check and integrity_check (run beside the copy). */
    private CopyResult.Preflight withChecks(CopyResult.Preflight p) {
        List<List<String>> r = checks.join();
        return new CopyResult.Preflight(r.get(0), r.get(1), p.errors(), p.orphans(), p.leftOut(), p.cleared(),
                p.cleanupSql(), p.durationMillis());
    }

    /** The verification table as text, with the totals' line (what {@code copy} prints). */
    public static String renderTable(CopyResult r) {
        StringBuilder s = new StringBuilder();
        int w = Math.max(5, r.tables().stream().mapToInt(t -> t.table().length()).max().orElse(5));
        String fmt = "%-" + w + "s %12s %12s %9s %12s  %-20s %-20s %s%n";
        s.append(String.format(fmt, "table", "source rows", "copied", "left out", "target rows", "source checksum",
                "target checksum", "ok"));
        for (CopyResult.Table t : r.tables()) {
            s.append(String.format(fmt, t.table(), t.sourceRows(), t.copiedRows(), t.leftOut(), t.targetRows(),
                    shorten(t.sourceChecksum()), shorten(t.targetChecksum()), t.verified() ? "ok" : "MISMATCH"));
        }
        double secs = Math.max(r.durationMillis(), 1) / 1000.0;
        s.append(String.format(Locale.ROOT, "%d rows, %.1f MB in %.1f s (%.0f rows/s, %.1f MB/s)%n", r.rows(),
                r.bytes() / 1e6, secs, r.rows() / secs, r.bytes() / 1e6 / secs));
        return s.toString();
    }

    private static String shorten(String checksum) {
        if (checksum == null) {
            return "-";
        }
        return checksum.length() > 20 ? checksum.substring(0, 17) + "..." : checksum;
    }

    private static void rollback(Connection pg) {
        try {
            pg.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the server rolls back anyway
        }
    }

    private RuntimeException failure(Exception e) {
        if (e instanceof CopyException ce) {
            return ce;
        }
        if (dev.retort.db.StopRequest.causedStop(e)) {  // a cancel is no data error, whatever ran
            return new CopyException("The copy was " + dev.retort.db.Database.STOPPED + "." + ROLLED_BACK, problems,
                    problemCount, e);
        }
        if (e instanceof RetortException re) {
            return re.exitCode() == 2 ? re : new CopyException(sentence(re.getMessage()) + ROLLED_BACK, problems,
                    problemCount, e);
        }
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            // the server's own words, with the statement instead of "Position: 14"
            String sql = statement == null ? "" : " in: " + (statement.length() > 300 ? statement.substring(0, 300)
                    + " ..." : statement);
            String detail = pe.getServerErrorMessage().getDetail();    // e.g. which table references which
            return new CopyException("The target refused" + sql + ": " + pe.getServerErrorMessage().getMessage()
                    + (detail == null ? "" : " (" + detail.strip().replaceAll("\\.$", "") + ")") + "." + ROLLED_BACK,
                    problems, problemCount, e);
        }
        if (e instanceof SQLException) {
            return new CopyException("Database error: " + sentence(e.getMessage()) + ROLLED_BACK, problems,
                    problemCount, e);
        }
        return new CopyException("Internal error: " + e + "." + ROLLED_BACK, problems, problemCount, e);
    }

    /** A message as a sentence: one final period, never two. */
    private static String sentence(String s) {
        String t = s == null ? "" : s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    private void execute(Connection pg, String sql) throws SQLException {
        statement = sql;
        try (Statement st = pg.createStatement()) {
            st.execute(sql);
        }
        statement = null;
    }

    // ---------------------------------------------------------------- the phases

    private CopyResult copy(SqliteSource src, Connection pg) throws SQLException {
        prepareSession(pg);
        Source source = readSource(src);
        Map<String, Preflight.RowFixes> fixes = new HashMap<>();
        checks = Preflight.startChecks(src.file(), options.lockTimeoutMillis());
        CopyResult.Preflight pre = Preflight.run(src, source.tables(), fixes, log);
        preflight = pre;
        if (!pre.errors().isEmpty() || (pre.hasOrphans() && (!options.skipOrphans() || pre.needsDecision()))) {
            return preflightFailed(withChecks(pre), "Preflight found problems; nothing was copied.");
        }
        log.accept(String.format(Locale.ROOT, "foreign_key_check done in %.1f s", pre.durationMillis() / 1000.0));
        if (pre.hasOrphans()) {
            log.accept("Leaving out orphaned rows: " + pre.leftOut() + (pre.cleared().isEmpty() ? ""
                    : "; clearing references (ON DELETE SET NULL): " + pre.cleared()));
        }
        TargetSchema target = prepareTarget(pg, source);
        PgSchema schema = target.schema();
        noteViewsAndTriggersNotInTarget(src, pg, schema);
        List<Trigger> triggers = lockAndEmpty(pg, target);
        Deferred deferred = dropKeysAndIndexes(pg, schema, target.byName(), triggers);
        List<CopyResult.Table> results = copyTables(src, pg, schema, target.byName(), fixes);
        recreate(pg, schema, deferred);
        setSequences(pg, schema, target.byName().values(), src.autoincrementHighs());
        List<CopyResult.Table> verified = verifyAll(pg, schema, target.byName(), results);
        // after the source's history (verified as copied): what ran here, with this dialect's checksums
        new HistoryTable(targetVersionTable()).append(pg, schemaStepHistory);
        pre = withChecks(pre);
        if (pre.damaged()) {
            return preflightFailed(pre, "Preflight found problems; nothing was copied (rolled back).");
        }
        List<String> bad = verified.stream().filter(r -> !r.verified()).map(CopyResult.Table::table).toList();
        CopyResult report = new CopyResult(CopyResult.Status.COPIED, from.display(), to.display(), pre,
                target.origin(), source.versionRows(), verified, notes, (System.nanoTime() - t0) / 1_000_000);
        if (!bad.isEmpty()) {
            throw new CopyException("Verification failed for " + String.join(", ", bad) + ":\n" + renderTable(report)
                    + ROLLED_BACK.strip(), List.of(), 0, null);
        }
        return report;
    }

    /** Session settings the conversions rely on, and the TOAST compression of the values written. */
    private void prepareSession(Connection pg) throws SQLException {
        execute(pg, "SET TimeZone = 'UTC'");
        execute(pg, "SET DateStyle = 'ISO, YMD'");
        execute(pg, "SET bytea_output = 'hex'");
        execute(pg, "SET lock_timeout = '60s'");
        if (options.toastCompression() == CopyOptions.ToastCompression.DEFAULT) {
            return;
        }
        // a session setting: only the values this copy writes; every reader decompresses either
        try (PreparedStatement ps = pg.prepareStatement("SELECT ? = ANY (enumvals) FROM pg_settings"
                + " WHERE name = 'default_toast_compression'")) {
            ps.setString(1, options.toastCompression().id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    execute(pg, "SET default_toast_compression = '" + options.toastCompression().id() + "'");
                    notes.add("large values are stored with " + options.toastCompression().id() + " compression"
                            + " (--toast-compression)");
                } else {
                    notes.add("the server has no " + options.toastCompression().id()
                            + " compression; its default is used");
                }
            }
        }
    }

    private Source readSource(SqliteSource src) throws SQLException {
        Map<String, String> skipped = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<SqliteSource.Table> tables = new ArrayList<>(src.tables(skipped));
        skipped.forEach((name, why) -> notes.add("skipped " + name + " (" + why + ")"));
        this.skipped = skipped;
        if (tables.isEmpty()) {
            throw RetortException.usage(src.file() + " holds no tables. Is this the right file? The application's"
                    + " database is the file it was configured with (its DATABASE_URL)");
        }
        tables.removeIf(t -> t.name().equalsIgnoreCase(options.versionTable()));
        List<String> versionRows = new VersionTable(options.versionTable(), null, Dialect.SQLITE)
                .rows(src.connection());
        sourceVersionRows = versionRows;
        String historyName = new HistoryTable(targetVersionTable()).name();
        return new Source(tables, versionRows, tables.stream().anyMatch(t -> t.name().equals(historyName)));
    }

    /**
     * Views and triggers hold no rows: the target has those its revisions made. One made by hand in
     * the SQLite file (none of the revisions creates it) would be lost without a word, so it is noted.
     */
    private void noteViewsAndTriggersNotInTarget(SqliteSource src, Connection pg, PgSchema schema) throws SQLException {
        Set<String> inTarget = new HashSet<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT 'view ' || viewname FROM pg_views WHERE schemaname = ?"
                + " UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = ?")) {
            ps.setString(1, schema.schema);
            ps.setString(2, schema.schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inTarget.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        try (Statement st = src.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT type || ' ' || name FROM main.sqlite_master WHERE type IN"
                     + " ('view', 'trigger') ORDER BY type, name")) {
            while (rs.next()) {
                if (!inTarget.contains(rs.getString(1).toLowerCase(Locale.ROOT))) {
                    notes.add(rs.getString(1) + " is in the source but not in the target; not copied (the target has the"
                            + " views and triggers its revisions make): create it on PostgreSQL if the application needs it");
                }
            }
        }
    }

    private VersionTable targetVersionTable() {
        return new VersionTable(options.versionTable(), options.versionTableSchema(), Dialect.POSTGRESQL);
    }

    /**
     * The target's schema: created at the source's revision if the target has no tables, else checked
     * (same revision, tables owned by this role) — before any of its tables is written.
     */
    private TargetSchema prepareTarget(Connection pg, Source source) throws SQLException {
        VersionTable vt = targetVersionTable();
        HistoryTable history = new HistoryTable(vt);
        PgSchema schema = PgSchema.read(pg);
        Set<String> own = Set.of(options.versionTable(), history.name());
        boolean noTables = schema.tables.keySet().stream().allMatch(own::contains);
        List<String> targetRows = vt.rows(pg);
        List<String> sourceRows = source.versionRows();
        if (noTables) {
            if (sourceRows.isEmpty()) {
                throw new RetortException("The target has no tables, and the source has no " + options.versionTable()
                        + " saying which revision its tables are at, so the copy can't create them. Create the schema"
                        + " first with the application's own migrations (start the application once against the"
                        + " target), then run the copy again: it then uses the existing tables.");
            }
            Plan plan = schemaPlan(targetRows, sourceRows);
            checkCanCreate(pg, schema);
            log.accept("Creating the target's schema: upgrade to " + String.join(", ", sourceRows) + " ("
                    + plan.steps().size() + " revisions, in the copy's transaction)");
            List<HistoryTable.Entry> ran = PlanInTransaction.run(pg, plan, vt, log);
            if (source.hasHistory()) {
                history.ensure(pg);
                schemaStepHistory = ran;
            }
            schema = PgSchema.read(pg);
            return new TargetSchema(schema, CopyResult.SchemaSource.REVISIONS, byName(map(source.tables(), schema, history.name())));
        }
        if (!targetRows.isEmpty() && !new HashSet<>(targetRows).equals(new HashSet<>(sourceRows))) {
            throw new RetortException("The target's " + options.versionTable() + " is at " + String.join(", ",
                    targetRows) + " but the source is at " + (sourceRows.isEmpty() ? "no revision"
                    : String.join(", ", sourceRows)) + ", and the copy needs both at the same revision. Bring the"
                    + " older one up with the application's own migrations (start the application once against it,"
                    + " or run them there: alembic upgrade, or retort upgrade for .sql revisions), or copy into an"
                    + " empty database, which the copy creates at the source's revision; then run the copy again.");
        }
        Map<String, TableMap> byName = byName(map(source.tables(), schema, history.name()));
        checkOwner(pg, schema, byName.keySet());
        if (targetRows.isEmpty() && !sourceRows.isEmpty()) {
            vt.ensure(pg);
            for (String r : sourceRows) {
                vt.apply(pg, RowChange.insert(r));
            }
            log.accept("Copied " + options.versionTable() + ": " + String.join(", ", sourceRows));
        }
        return new TargetSchema(schema, CopyResult.SchemaSource.EXISTING, byName);
    }

    private static Map<String, TableMap> byName(List<TableMap> maps) {
        Map<String, TableMap> out = new LinkedHashMap<>();
        maps.forEach(m -> out.put(m.target().name(), m));
        return out;
    }

    /** The plan that brings an empty target to the source's revision, refused before anything runs. */
    private Plan schemaPlan(List<String> targetRows, List<String> sourceRows) {
        String at = String.join(", ", sourceRows);
        String instead = " Or create the schema with the application's own migrations (start the application once"
                + " against the target), then run the copy again: it then uses the existing tables.";
        List<Path> dirs = options.revisions().isEmpty() ? List.of(Defaults.REVISIONS) : options.revisions();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new RetortException("The target has no tables, so the copy creates them with the revision files"
                        + " up to the source's revision " + at + ", but there is no revisions directory "
                        + d.toAbsolutePath() + (options.revisions().isEmpty() ? " (the default)" : "") + ". Give the"
                        + " application's revisions with --revisions DIR." + instead);
            }
        }
        RevisionFiles.Upgrades revisions;
        try {
            revisions = revisionFiles.read(dirs);
        } catch (RetortException e) {
            throw new RetortException("The target has no tables, so the copy creates them with the revision files in "
                    + dirs + ", but they can't be read: " + sentence(e.getMessage()) + instead, e);
        }
        Plan plan;
        try {
            plan = revisions.upgrade(targetRows, sourceRows);
        } catch (RetortException e) {
            throw new RetortException("The source is at revision " + at + ", which the revision files in " + dirs
                    + " can't reach: " + sentence(e.getMessage()) + " Give the application's revisions with"
                    + " --revisions DIR." + instead, e);
        }
        List<Path> python = plan.steps().stream().map(Step::revision).filter(r -> r.python())
                .map(r -> r.file()).toList();
        if (!python.isEmpty()) {
            throw new RetortException("The target has no tables, and the revisions up to " + at + " include Alembic"
                    + " Python files (" + python.get(0).getFileName()
                    + (python.size() > 1 ? " and " + (python.size() - 1) + " more" : "")
                    + "), which retort does not run. Create the schema with Alembic (alembic upgrade "
                    + at + " against the target, or start the application once against it), then run the copy"
                    + " again: it then uses the existing tables.");
        }
        return plan;
    }

    /** An empty target: this role must be able to create tables in the schema. */
    private static void checkCanCreate(Connection pg, PgSchema schema) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT has_schema_privilege(?, 'CREATE'), current_user")) {
            ps.setString(1, schema.schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    String role = rs.getString(2);
                    throw new RetortException("The role " + role + " can't create tables in schema " + schema.schema
                            + " of the target, and the copy creates them there (the target has no tables). As the"
                            + " database's owner, run: GRANT CREATE ON SCHEMA " + Sql.quote(schema.schema) + " TO "
                            + Sql.quote(role) + "; or copy as the owner. Then run the copy again.");
                }
            }
        }
    }

    /**
     * The copy drops and re-creates the indexes and foreign keys of the tables it writes, which only
     * their owner may (or a member of the owning role).
     */
    private static void checkOwner(Connection pg, PgSchema schema, Set<String> tables) throws SQLException {
        List<String> notOwned = new ArrayList<>();
        String role;
        try (PreparedStatement ps = pg.prepareStatement("SELECT c.relname, pg_get_userbyid(c.relowner), current_user"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
                + " AND c.relkind IN ('r', 'p') AND c.relname = ANY (?)"
                + " AND NOT pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY 1")) {
            ps.setString(1, schema.schema);
            Array names = pg.createArrayOf("text", tables.toArray());
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                role = null;
                while (rs.next()) {
                    notOwned.add(rs.getString(1) + " (owner " + rs.getString(2) + ")");
                    role = rs.getString(3);
                }
            }
        }
        if (!notOwned.isEmpty()) {
            throw new RetortException("The role " + role + " does not own " + notOwned.size() + " of the target's"
                    + " tables: " + String.join(", ", notOwned) + ". The copy drops and re-creates their indexes and"
                    + " foreign keys, which only the owner may. Copy as the owner (the role the application's"
                    + " migrations ran as), or, as the owner, make this role a member: GRANT owner_role TO " + role
                    + "; then run the copy again.");
        }
    }

    /**
     * ACCESS EXCLUSIVE on the tables written to. Held by another session (an open transaction that
     * read one), the wait is said at once, with who holds it, and lasts at most --lock-timeout.
     */
    private void lockTargetTables(Connection pg, PgSchema schema, Set<String> tables) throws SQLException {
        String lock = "LOCK TABLE " + tables.stream().map(schema::qualified).collect(Collectors.joining(", "))
                + " IN ACCESS EXCLUSIVE MODE";
        execute(pg, "SAVEPOINT retort_lock");
        try {
            execute(pg, lock + " NOWAIT");
            execute(pg, "RELEASE SAVEPOINT retort_lock");
            return;
        } catch (SQLException e) {
            if (!DdlLocks.isLockTimeout(e)) {
                throw e;
            }
            execute(pg, "ROLLBACK TO SAVEPOINT retort_lock");
        }
        Set<String> qualified = tables.stream().map(schema::qualified).collect(Collectors.toSet());
        String held = String.join("; ", DdlLocks.blockers(pg, qualified, DdlLocks.LockNeed.ACCESS_EXCLUSIVE));
        execute(pg, "ROLLBACK TO SAVEPOINT retort_lock");   // should the query have failed, the transaction goes on
        execute(pg, "RELEASE SAVEPOINT retort_lock");
        String sessionTimeout = DdlLocks.sessionLockTimeout(pg);
        log.accept("Waiting up to " + Database.seconds(options.lockTimeoutMillis()) + " (--lock-timeout) for the"
                + " target's tables, locked by another session" + (held.isEmpty() ? "" : ": " + held));
        execute(pg, new DdlLocks(Math.max(1, options.lockTimeoutMillis()), 0).set(true));
        try {
            execute(pg, lock);
        } catch (SQLException e) {
            if (!DdlLocks.isLockTimeout(e)) {
                throw e;
            }
            // the transaction is aborted now: the holders are those seen when the wait began
            throw new RetortException("The target's tables are still locked by another session after "
                    + Database.seconds(options.lockTimeoutMillis()) + " (--lock-timeout)" + (held.isEmpty() ? "" : ": "
                    + held) + ". End that session or wait for it (an application's open transaction, a psql left in"
                    + " BEGIN), then run the copy again.", e);
        }
        execute(pg, "SET LOCAL lock_timeout = '" + sessionTimeout.replace("'", "''") + "'");   // the session's again
    }

    /**
     * Locks the tables the copy writes to, holds their triggers off, and checks that they are empty
     * (returns the triggers held off). Rows there are refused (or emptied with --replace), except
     * those the copy's own schema step inserted: revisions that seed rows ran on the source too, and
     * the source's rows as they are now are what the copy brings.
     */
    private List<Trigger> lockAndEmpty(Connection pg, TargetSchema target) throws SQLException {
        PgSchema schema = target.schema();
        Map<String, TableMap> byTarget = target.byName();
        boolean seeded = target.origin() == CopyResult.SchemaSource.REVISIONS;
        if (!byTarget.isEmpty()) {
            lockTargetTables(pg, schema, byTarget.keySet());
        }
        List<Trigger> triggers = holdTriggers(pg, schema, byTarget.keySet());   // a TRUNCATE fires them too
        Set<String> own = Set.of(options.versionTable(), new HistoryTable(targetVersionTable()).name());
        if (options.replace()) {
            replaceCopiedHistory(pg, schema, byTarget);
        }
        List<String> holding = new ArrayList<>();
        for (PgSchema.Table t : schema.tables.values()) {
            if (own.contains(t.name())) {
                continue;
            }
            try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM "
                    + schema.qualified(t.name()) + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    holding.add(t.name());
                }
            }
        }
        if (holding.isEmpty()) {
            return triggers;
        }
        if (!options.replace() && !seeded) {
            throw new RetortException("Target tables already hold rows: " + String.join(", ", holding)
                    + ". Use --replace to empty the tables the copy writes to (in the same transaction), or copy"
                    + " into an empty database.");
        }
        List<String> ours = holding.stream().filter(byTarget::containsKey).toList();
        if (!ours.isEmpty()) {
            // every table the copy writes to, so foreign keys between them do not block TRUNCATE
            execute(pg, "TRUNCATE " + byTarget.values().stream().filter(m -> !m.append())
                    .map(m -> schema.qualified(m.target().name())).collect(Collectors.joining(", ")));
            log.accept((seeded ? "Emptied the rows the revisions inserted (the source's rows are copied): "
                    : "--replace: emptied ") + String.join(", ", ours));
        }
        holding.stream().filter(t -> !byTarget.containsKey(t))
                .forEach(t -> notes.add("target table " + t + " holds rows and " + notInSource(t) + "; left as it is"));
        return triggers;
    }

    /**
     * The source's history is appended to the target's. The records an earlier copy brought (made on
     * SQLite, so without a database user) are what this copy brings again: --replace removes them, so
     * that they are not there twice. The records made on PostgreSQL stay (check judges by them).
     */
    private void replaceCopiedHistory(Connection pg, PgSchema schema, Map<String, TableMap> byTarget)
            throws SQLException {
        for (TableMap m : byTarget.values()) {
            if (m.append()) {
                try (Statement st = pg.createStatement()) {
                    int n = st.executeUpdate("DELETE FROM " + schema.qualified(m.target().name())
                            + " WHERE db_user IS NULL");
                    if (n > 0) {
                        log.accept("--replace: removed the " + n + " history record(s) an earlier copy brought"
                                + " from SQLite (they are copied again); the records made on PostgreSQL stay");
                    }
                }
            }
        }
    }

    /**
     * Foreign keys of the tables written to, and their plain (non-unique) indexes, are dropped for the
     * load and re-created after it, in the same transaction (as pg_restore does): one index build and
     * one join per foreign key instead of a trigger check and an index insertion per row. Nobody else
     * sees the tables meanwhile (ACCESS EXCLUSIVE lock); the definitions are the catalog's own.
     */
    private Deferred dropKeysAndIndexes(Connection pg, PgSchema schema, Map<String, TableMap> byTarget,
                                        List<Trigger> triggers) throws SQLException {
        List<PgSchema.ForeignKey> fks = schema.foreignKeys.stream().filter(fk -> byTarget.containsKey(fk.table()))
                .toList();
        List<String[]> indexes = plainIndexes(pg, schema, byTarget.keySet());
        for (PgSchema.ForeignKey fk : fks) {
            execute(pg, "ALTER TABLE " + schema.qualified(fk.table()) + " DROP CONSTRAINT " + Sql.quote(fk.name()));
        }
        for (String[] ix : indexes) {
            execute(pg, "DROP INDEX " + ix[0]);
        }
        return new Deferred(fks, indexes, triggers);
    }

    /** Switches the user triggers of the tables written to off, for the emptying and the load; returns them. */
    private List<Trigger> holdTriggers(Connection pg, PgSchema schema, Set<String> tables) throws SQLException {
        List<Trigger> triggers = userTriggers(pg, schema, tables);
        for (Trigger t : triggers) {
            execute(pg, "ALTER TABLE " + t.qualifiedTable() + " DISABLE TRIGGER " + Sql.quote(t.name()));
        }
        if (!triggers.isEmpty()) {
            log.accept("Triggers held off during the load, as pg_restore --disable-triggers (the rows are the"
                    + " source's as they are): " + triggers.stream().map(t -> t.table() + "." + t.name())
                    .collect(Collectors.joining(", ")));
        }
        return triggers;
    }

    /**
     * The enabled user triggers of the tables written to: fired by the load they would write rows the
     * source does not have (an audit trigger) or change the copied values (a BEFORE trigger).
     */
    private static List<Trigger> userTriggers(Connection pg, PgSchema schema, Set<String> tables) throws SQLException {
        List<Trigger> out = new ArrayList<>();
        if (tables.isEmpty()) {
            return out;
        }
        Map<String, String> byQualified = new HashMap<>();
        tables.forEach(t -> byQualified.put(schema.qualified(t), t));
        try (java.sql.PreparedStatement st = pg.prepareStatement("SELECT x.name, t.tgname, t.tgenabled FROM"
                + " unnest(?::text[]) x(name) JOIN pg_trigger t ON t.tgrelid = to_regclass(x.name)"
                + " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' ORDER BY 1, 2")) {
            st.setArray(1, pg.createArrayOf("text", byQualified.keySet().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String enable = switch (rs.getString(3)) {
                        case "R" -> "ENABLE REPLICA TRIGGER ";
                        case "A" -> "ENABLE ALWAYS TRIGGER ";
                        default -> "ENABLE TRIGGER ";
                    };
                    out.add(new Trigger(byQualified.get(rs.getString(1)), rs.getString(1), rs.getString(2), enable));
                }
            }
        }
        return out;
    }

    /** Every table, parents first (cyclic foreign keys are dropped meanwhile); all problems listed at once. */
    private List<CopyResult.Table> copyTables(SqliteSource src, Connection pg, PgSchema schema,
                                                    Map<String, TableMap> byTarget,
                                                    Map<String, Preflight.RowFixes> fixes) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        for (PgSchema.ForeignKey fk : schema.foreignKeys) {
            parents.computeIfAbsent(fk.table(), k -> new HashSet<>()).add(fk.parent());
        }
        CopyManager copyManager = pg.unwrap(PGConnection.class).getCopyAPI();
        Progress progress = Progress.of(options.progress(), System.err, log);
        List<CopyResult.Table> results = new ArrayList<>();
        for (String name : TableOrder.of(byTarget.keySet(), parents)) {
            TableMap m = byTarget.get(name);
            results.add(copyTable(src, pg, copyManager, schema, m, fixes.get(m.source().name()), progress));
        }
        if (problemCount > 0) {
            throw new CopyException(problemCount + " value(s) can't be copied as they are" + (problemCount > problems.size()
                    ? " (the first " + problems.size() + " are listed)" : "") + ":\n  " + problems.stream()
                    .map(Problem::toString).collect(Collectors.joining("\n  "))
                    + "\n" + ROLLED_BACK.strip() + " Fix these rows in the source (or change the target column's type)"
                    + " and run the copy again.", problems, problemCount, null);
        }
        return results;
    }

    private void recreate(Connection pg, PgSchema schema, Deferred d) throws SQLException {
        long tc = System.nanoTime();
        for (String[] ix : d.indexes()) {
            execute(pg, ix[1]);
        }
        for (PgSchema.ForeignKey fk : d.foreignKeys()) {
            try {
                execute(pg, "ALTER TABLE " + schema.qualified(fk.table()) + " ADD CONSTRAINT " + Sql.quote(fk.name())
                        + " " + fk.definition());
            } catch (SQLException e) {
                throw new RetortException("The copied rows of " + fk.table() + " break its foreign key " + fk.name()
                        + " (" + fk.definition() + "): " + sentence(e.getMessage()), e);
            }
        }
        if (!d.foreignKeys().isEmpty() || !d.indexes().isEmpty()) {
            log.accept(String.format(Locale.ROOT, "Re-created %d index(es) and %d foreign key(s) in %.1f s",
                    d.indexes().size(), d.foreignKeys().size(), (System.nanoTime() - tc) / 1e9));
        }
        for (Trigger t : d.triggers()) {
            execute(pg, "ALTER TABLE " + t.qualifiedTable() + " " + t.enable() + Sql.quote(t.name()));
        }
    }

    private List<CopyResult.Table> verifyAll(Connection pg, PgSchema schema, Map<String, TableMap> byTarget,
                                                   List<CopyResult.Table> results) throws SQLException {
        long tv = System.nanoTime();
        List<CopyResult.Table> verified = new ArrayList<>();
        for (CopyResult.Table r : results) {
            verified.add(verify(pg, schema, byTarget.get(r.targetTable()), r));
        }
        log.accept(String.format(Locale.ROOT, "Verified %d tables (row counts%s) in %.1f s", verified.size(),
                options.checksums() ? " and checksums" : "", (System.nanoTime() - tv) / 1e9));
        return verified;
    }

    // ---------------------------------------------------------------- mapping

    private List<TableMap> map(List<SqliteSource.Table> tables, PgSchema schema, String historyName) {
        List<String> errors = new ArrayList<>();
        List<TableMap> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (SqliteSource.Table t : tables) {
            PgSchema.Table target = schema.match(t.name());
            if (target == null && t.name().equals(historyName)) {
                notes.add("retort's audit history (" + historyName + ") has no table in the target; not copied");
                continue;
            }
            if (target == null && t.virtual() != null) {
                String columns = t.columns().stream().filter(c -> c.hidden() == 0).map(SqliteSource.Column::name)
                        .collect(Collectors.joining(", "));
                errors.add("virtual table " + t.name() + " (" + t.virtual().module() + ", " + t.virtual().rows()
                        + (t.virtual().rows() == 1 ? " row" : " rows") + ") has no table in the target (schema "
                        + schema.schema + "): create a table for its rows in the target's schema (columns " + columns
                        + "), e.g. with the application's migrations");
                continue;
            }
            if (target == null) {
                errors.add("table " + t.name() + " has no table in the target (schema " + schema.schema + "): if the"
                        + " target is at the source's revision, no revision creates it (made by hand, or by the"
                        + " application itself?): create it in the target, best in a new revision");
                continue;
            }
            used.add(target.name());
            boolean history = t.name().equals(historyName);
            List<ColumnMap> cols = new ArrayList<>();
            Set<String> mapped = new HashSet<>();
            for (SqliteSource.Column c : t.columns()) {
                if (c.hidden() == 1) {
                    continue; // a virtual table's hidden column (FTS5's rank, ...): no data of the row's own
                }
                if (c.hidden() != 0) {
                    notes.add("column " + t.name() + "." + c.name() + " is generated in the source; not copied");
                    continue;
                }
                if (history && c.name().equals("id")) {
                    continue; // history rows are appended: the target numbers them
                }
                PgSchema.Column tc = target.column(c.name());
                if (tc == null) {
                    errors.add("column " + t.name() + "." + c.name() + " has no column in the target table "
                            + target.name());
                    continue;
                }
                if (tc.generated()) {
                    notes.add("column " + target.name() + "." + tc.name() + " is generated in the target; not copied");
                    continue;
                }
                mapped.add(tc.name());
                cols.add(new ColumnMap(c.name(), tc, options.checksums() && tc.type().checksumExpression("x") != null));
            }
            for (PgSchema.Column tc : target.columns()) {
                if (mapped.contains(tc.name()) || tc.generated() || (history && tc.name().equals("id"))) {
                    continue;
                }
                if (tc.notNull() && !tc.hasDefault()) {
                    errors.add("column " + target.name() + "." + tc.name() + " is NOT NULL without a default and the"
                            + " source has no such column");
                } else {
                    notes.add("column " + target.name() + "." + tc.name() + " is not in the source; it gets its default");
                }
            }
            cols.stream().filter(c -> !c.hashed() && options.checksums()).forEach(c -> notes.add("column "
                    + target.name() + "." + c.target().name() + " (" + c.target().type().display()
                    + ") is compared by row count only"));
            out.add(new TableMap(t, target, cols, history));
        }
        for (String t : schema.tables.keySet()) {
            if (!used.contains(t) && !t.equals(options.versionTable()) && !t.equals(historyName)) {
                notes.add("target table " + t + " " + notInSource(t));
            }
        }
        if (!errors.isEmpty()) {
            throw new RetortException("The target's schema does not fit the source:\n  " + String.join("\n  ", errors)
                    + "\nBring the target to the source's revision (or fix the schema) and run the copy again.");
        }
        return out;
    }

    /** Why target table {@code t} gets no rows: the source lacks it, or has it without rows of its own. */
    private String notInSource(String t) {
        String why = skipped.get(t);
        return why == null ? "is not in the source" : "gets no rows from the source, whose " + t + " is skipped (" + why
                + ")";
    }

    // ---------------------------------------------------------------- copying

    private static String columnList(List<ColumnMap> cols, boolean source) {
        return cols.stream().map(c -> Sql.quote(source ? c.source() : c.target().name()))
                .collect(Collectors.joining(", "));
    }

    private String selectSql(TableMap m) {
        SqliteSource.Table t = m.source();
        String rowid = t.rowid() == null ? "NULL" : t.rowid();
        return "SELECT " + rowid + (m.columns().isEmpty() ? "" : ", " + columnList(m.columns(), true))
                + " FROM main." + Sql.quote(t.name()) + (t.rowid() == null ? "" : " ORDER BY " + t.rowid());
    }

    private void problem(String table, String row, String column, String kind, String detail) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(table, row, column, kind, detail));
        }
    }

    /** A table's target columns as arrays for the row loop; {@code clear}: the source columns to write as NULL. */
    private record Columns(PgType[] types, boolean[] notNull, boolean[] hashed, String[] source) {
        static Columns of(List<ColumnMap> cols) {
            int n = cols.size();
            Columns c = new Columns(new PgType[n], new boolean[n], new boolean[n], new String[n]);
            for (int i = 0; i < n; i++) {
                c.types[i] = cols.get(i).target().type();
                c.notNull[i] = cols.get(i).target().notNull();
                c.hashed[i] = cols.get(i).hashed();
                c.source[i] = cols.get(i).source();
            }
            return c;
        }
    }

    /**
     * The COPY of one table: the statement, the thread that sends its buffers, and the counts. After
     * the first bad value it is cancelled, and the remaining rows are only checked, to list every problem.
     */
    private static final class Load {
        CopyIn copy;
        Sender sender;
        CopyBuffer buf = new CopyBuffer(BUFFER);
        long rows;
        long leftOut;
        long sent;
        long bytes;

        Load(CopyManager cm, String sql, boolean send) throws SQLException {
            copy = send ? cm.copyIn(sql) : null;
            sender = copy == null ? null : new Sender(copy, 4, BUFFER);
        }

        /** Hands the buffer on (or drops it once the COPY is cancelled). */
        void flush() throws SQLException {
            bytes += buf.len;
            if (sender != null && buf.len > 0) {
                buf = sender.send(buf);
            } else {
                buf.clear();
            }
            buf.trim(BUFFER);
        }

        void cancel() throws SQLException {
            sender.close();
            sender = null;
            copy.cancelCopy();
            copy = null;
        }

        /** Ends the COPY: the rows the server took. */
        long end() throws SQLException {
            bytes += buf.len;
            if (copy == null) {
                return sent;
            }
            if (buf.len > 0) {
                buf = sender.send(buf);
            }
            sender.finish();
            return copy.endCopy();
        }

        /** Stops a COPY that failed: the sending thread, then the COPY itself if the server still has it open. */
        void abort() {
            if (sender != null) {
                sender.close();
            }
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the server error matters
                }
            }
        }
    }

    private CopyResult.Table copyTable(SqliteSource src, Connection pg, CopyManager cm, PgSchema schema,
                                             TableMap m, Preflight.RowFixes fixes, Progress progress)
            throws SQLException {
        SqliteSource.Table t = m.source();
        long start = System.nanoTime();
        long total = src.count(t.name());
        long before = 0;
        String beforeSum = "0";
        if (m.append() && problemCount == 0) {
            String[] c = checksum(pg, schema, m); // the rows already there, and their checksum
            before = Long.parseLong(c[0]);
            if (before > 0) {
                beforeSum = c[1];
            }
        }
        progress.start(t.name(), total);
        RowHash hash = new RowHash();
        Load load = new Load(cm, "COPY " + schema.qualified(m.target().name()) + " (" + columnList(m.columns(), false)
                + ") FROM STDIN", problemCount == 0);
        long copied;
        try {
            readRows(src, m, fixes, load, hash, progress);
            copied = load.end();
        } catch (SQLException e) {
            load.abort();
            throw e instanceof PSQLException ? serverError(e, t, src, m, fixes) : e;
        } catch (RuntimeException e) {
            load.abort();
            throw e;
        }
        progress.finish(load.rows, copied, load.bytes);
        String sum = options.checksums() ? new java.math.BigInteger(hash.sum()).add(new java.math.BigInteger(beforeSum))
                .toString() : null;
        return new CopyResult.Table(t.name(), m.target().name(), total, copied, load.leftOut, before, sum, null,
                m.columns().stream().filter(c -> !c.hashed()).map(c -> c.target().name()).toList(), load.bytes,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * How the user finds a row in the source: {@code rowid N}, with its primary key when that is not
     * the rowid ({@code rowid 7 (row with id = '300001')}), or for a WITHOUT ROWID table (no rowid)
     * its primary key, {@code row with k = 't7'}.
     */
    private static String rowLabel(SqliteSource.Table t, Columns cols, java.sql.ResultSet rs, long rowid)
            throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (SqliteSource.Column c : t.columns()) {
            int i = java.util.Arrays.asList(cols.source()).indexOf(c.name());
            if (c.pk() > 0 && i >= 0) {
                names.add(c.name());
                values.add(rs.getString(i + 2));
            }
        }
        if (t.rowid() != null) {
            // an INTEGER PRIMARY KEY is the rowid itself: said once
            boolean keyIsRowid = names.size() == 1 && String.valueOf(rowid).equals(values.get(0));
            return "rowid " + rowid + (names.isEmpty() || keyIsRowid ? "" : " (" + keyLabel(names, values) + ")");
        }
        return names.isEmpty() ? "row " + rowid : keyLabel(names, values);
    }

    /** {@code row with k = 't''7' AND n = NULL}: the condition that selects the row in the source. */
    private static String keyLabel(List<String> names, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String v = values.get(i);
            parts.add(names.get(i) + " = " + (v == null ? "NULL" : "'" + v.replace("'", "''") + "'"));
        }
        return "row with " + String.join(" AND ", parts);
    }

    /** The row loop: reads the source table in rowid order, converts each value, fills the COPY buffers. */
    private void readRows(SqliteSource src, TableMap m, Preflight.RowFixes fixes, Load load, RowHash hash,
                          Progress progress) throws SQLException {
        SqliteSource.Table t = m.source();
        Columns cols = Columns.of(m.columns());
        int n = cols.types().length;
        boolean anyHashed = options.checksums();
        boolean clears = fixes != null && !fixes.clear().isEmpty();
        int batch = options.batchRows();
        try (Statement st = src.connection().createStatement(); ResultSet rs0 = st.executeQuery(selectSql(m))) {
            JDBC3ResultSet rs = (JDBC3ResultSet) rs0;
            while (rs.next()) {
                load.rows++;
                long rowid = t.rowid() == null ? load.rows : rs.getLong(1);
                if (fixes != null && fixes.skips(rowid)) {
                    load.leftOut++;
                    continue;
                }
                Set<String> clear = clears ? fixes.clear().get(rowid) : null;
                CopyBuffer buf = load.buf;
                int mark = buf.len;
                int i = 0;
                try {
                    for (; i < n; i++) {
                        int col = i + 2;
                        int type = (int) COLUMN_TYPE.invokeExact(rs, col - 1);
                        if (clear != null && clear.contains(cols.source()[i])) {
                            type = TypeConverter.NULL; // ON DELETE SET NULL: its parent row is left out
                        }
                        long l = 0;
                        double d = 0;
                        byte[] b = null;
                        switch (type) {
                            case TypeConverter.INTEGER -> l = rs.getLong(col);
                            case TypeConverter.FLOAT -> d = rs.getDouble(col);
                            case TypeConverter.TEXT, TypeConverter.BLOB -> b = rs.getBytes(col);
                            default -> { }
                        }
                        if (i > 0) {
                            buf.put((byte) '\t');
                        }
                        converter.write(cols.types()[i], cols.notNull()[i], type, l, d, b, buf,
                                cols.hashed()[i] ? hash : null);
                    }
                    buf.put((byte) '\n');
                    if (anyHashed) {
                        hash.endRow();
                    }
                    load.sent++;
                } catch (TypeConverter.Bad e) {
                    buf.reset(mark);
                    hash.abandonRow();
                    String row = rowLabel(t, cols, rs0, rowid);
                    problem(t.name(), row, cols.source()[i], e.kind, e.getMessage());
                    if (load.copy != null) {
                        load.cancel();
                        log.accept("Problem in " + t.name() + " " + row + "; checking the remaining rows"
                                + " without copying, to list every problem");
                    }
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (OutOfMemoryError e) {
                    long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
                    throw new RetortException(t.name() + " " + rowLabel(t, cols, rs0, rowid)
                            + (i < n ? " column " + cols.source()[i] : "") + " holds a value too large for the copy's"
                            + " heap of " + heapMb + " MB (the JVM's maximum, not the value's size: a value needs about 8"
                            + " times its size in memory). Run the copy with a"
                            + " larger heap: JAVA_OPTS=-Xmx" + Math.max(1024, 4 * heapMb) + "m bin/retort copy ...", e);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                if (buf.len >= CHUNK || load.sent % batch == 0) {
                    load.flush();
                    if (load.sent % batch == 0) {
                        progress.update(load.rows, load.bytes);
                    }
                }
            }
        }
    }

    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

    /** A server error during COPY, with the source row it was about (COPY names the line). */
    private SQLException serverError(SQLException e, SqliteSource.Table t, SqliteSource src, TableMap m,
                                     Preflight.RowFixes fixes) {
        String where = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getWhere() : null;
        String row = "";
        if (where != null) {
            Matcher mt = COPY_LINE.matcher(where);
            if (mt.find()) {
                long line = Long.parseLong(mt.group(1));
                row = " at " + rowAt(src, m, fixes, line);
            }
        }
        // the server's words without its Where line, which quotes the row's values (application data)
        String said = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
        return new SQLException("copying table " + t.name() + row + ": " + said, e.getSQLState(), e);
    }

    /** The source row that was the n-th row sent (1-based) — found again by reading the table. */
    private String rowAt(SqliteSource src, TableMap m, Preflight.RowFixes fixes, long n) {
        SqliteSource.Table t = m.source();
        if (t.rowid() == null) {
            return keyOfRow(src, t, n);
        }
        try (Statement st = src.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " + t.rowid()
                + " FROM main." + Sql.quote(t.name()) + " ORDER BY " + t.rowid())) {
            long k = 0;
            while (rs.next()) {
                long id = rs.getLong(1);
                if (fixes != null && fixes.skips(id)) {
                    continue;
                }
                if (++k == n) {
                    return "rowid " + id;
                }
            }
        } catch (SQLException ignored) {
            // fall through
        }
        return "row " + n;
    }

    /** The primary key of the n-th row of a WITHOUT ROWID table, read in the load's order (its own). */
    private static String keyOfRow(SqliteSource src, SqliteSource.Table t, long n) {
        List<String> key = t.columns().stream().filter(c -> c.pk() > 0).map(SqliteSource.Column::name).toList();
        if (key.isEmpty()) {
            return "row " + n;
        }
        try (Statement st = src.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT "
                + key.stream().map(Sql::quote).collect(Collectors.joining(", ")) + " FROM main." + Sql.quote(t.name())
                + " LIMIT 1 OFFSET " + (n - 1))) {
            if (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    values.add(rs.getString(i + 1));
                }
                return keyLabel(key, values);
            }
        } catch (SQLException ignored) {
            // fall through
        }
        return "row " + n;
    }

    /** Non-unique, non-constraint indexes of the given tables: {qualified name, CREATE INDEX statement}. */
    private static List<String[]> plainIndexes(Connection pg, PgSchema schema, Set<String> tables) throws SQLException {
        List<String[]> out = new ArrayList<>();
        if (tables.isEmpty()) {
            return out;
        }
        try (java.sql.PreparedStatement ps = pg.prepareStatement("SELECT i.indexrelid::regclass::text,"
                + " pg_get_indexdef(i.indexrelid), t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND NOT i.indisunique"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = i.indexrelid AND d.deptype = 'i')"
                + " ORDER BY 1")) {
            ps.setString(1, schema.schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (tables.contains(rs.getString(3))) {
                        out.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- after the copy

    /**
     * Each sequence past the copied ids and, for an AUTOINCREMENT table, past every id SQLite ever
     * handed out (ids of deleted rows are not reused there, and links to them may exist).
     */
    private void setSequences(Connection pg, PgSchema schema, java.util.Collection<TableMap> maps,
                              Map<String, Long> autoincrementHighs) throws SQLException {
        for (TableMap m : maps) {
            // the high belongs to the INTEGER PRIMARY KEY AUTOINCREMENT column, the table's only key column
            List<SqliteSource.Column> key = m.source().columns().stream().filter(c -> c.pk() > 0).toList();
            Long high = m.append() || key.size() != 1 ? null : autoincrementHighs.get(m.source().name());
            String highColumn = key.size() == 1 ? key.get(0).name() : null;
            for (Map.Entry<String, String> e : m.target().sequences().entrySet()) {
                String sql = "SELECT setval('" + e.getValue().replace("'", "''") + "'::regclass, x.m) FROM (SELECT"
                        + " greatest(max(" + Sql.quote(e.getKey()) + ")::bigint, "
                        + (high == null || !e.getKey().equalsIgnoreCase(highColumn) ? "NULL" : high)
                        + "::bigint) AS m FROM " + schema.qualified(m.target().name())
                        + ") x, " + e.getValue() + " s WHERE x.m IS NOT NULL AND (x.m > s.last_value OR (NOT s.is_called"
                        + " AND x.m >= s.last_value))";
                try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    if (rs.next()) {
                        log.accept("Sequence " + e.getValue() + " set to " + rs.getLong(1) + " (next value "
                                + (rs.getLong(1) + 1) + ")");
                    }
                }
            }
        }
    }

    /** count(*) and the checksum of a target table, as RowHash computes it on the source side. */
    private String[] checksum(Connection pg, PgSchema schema, TableMap m) throws SQLException {
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        int i = 0;
        for (ColumnMap c : m.columns()) {
            if (!c.hashed()) {
                continue;
            }
            String alias = "c" + i++;
            inner.add(c.target().type().checksumExpression(Sql.quote(c.target().name())) + " AS " + alias);
            outer.add("coalesce(octet_length(" + alias + ")::text || ':' || " + alias + ", '-')");
        }
        String sql;
        if (!options.checksums()) {
            sql = "SELECT count(*), NULL FROM " + schema.qualified(m.target().name());
        } else {
            String row = outer.isEmpty() ? "''" : String.join(" || ", outer);
            sql = "SELECT count(*), coalesce(sum(('x' || substr(md5(" + row + "), 1, 16))::bit(64)::bigint::numeric),"
                    + " 0)::text FROM (SELECT " + (inner.isEmpty() ? "1 AS one" : String.join(", ", inner)) + " FROM "
                    + schema.qualified(m.target().name()) + " OFFSET 0) s";
        }
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new String[] {Long.toString(rs.getLong(1)), rs.getString(2)};
        }
    }

    private CopyResult.Table verify(Connection pg, PgSchema schema, TableMap m, CopyResult.Table r)
            throws SQLException {
        String[] c = checksum(pg, schema, m);
        long targetRows = Long.parseLong(c[0]) - r.targetRows(); // targetRows held the rows there before (append)
        return new CopyResult.Table(r.table(), r.targetTable(), r.sourceRows(), r.copiedRows(), r.leftOut(),
                targetRows, r.sourceChecksum(), c[1], r.uncheckedColumns(), r.bytes(), r.durationMillis());
    }
}
