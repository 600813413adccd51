package dev.retort.transfer;

import dev.retort.api.RetortException;
import dev.retort.db.DatabaseUrl;
import dev.retort.api.Defaults;
import dev.retort.db.Database;
import dev.retort.api.Dialect;
import dev.retort.db.HistoryTable;
import dev.retort.db.PlanInTransaction;
import dev.retort.db.VersionTable;
import dev.retort.graph.Plan;
import dev.retort.graph.RowChange;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *       {@code skipOrphans} orphaned rows and the rows depending on them are left out instead.</li>
 *   <li>Target schema: an empty target is brought to the source's revision with retort's own upgrade;
 *       a target that has tables (created by the application) is used as it is, if its version table
 *       agrees with the source's. Tables already holding rows are refused unless {@code replace}.</li>
 *   <li>Every table, parents first, through COPY (text format), converted by the target column's type
 *       ({@link TypeConverter}); identifiers always quoted.</li>
 *   <li>One transaction on the target: any failure rolls it back to exactly what it was. On success the
 *       sequences are set past the copied ids and every table is verified: row counts and a content
 *       checksum computed on both sides ({@link RowHash}).</li>
 * </ol>
 */
public final class Copy {
    private static final int CHUNK = 1 << 20;
    /** A buffer's capacity: a chunk and the row that passes it. */
    private static final int BUFFER = CHUNK + (CHUNK >> 2);
    private static final int MAX_PROBLEMS = 100;
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

    private final CopyOptions options;
    private final Consumer<String> log;
    private final RevisionFiles revisionFiles;
    private final List<String> notes = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long problemCount;
    private final TypeConverter converter = new TypeConverter();
    private java.util.concurrent.CompletableFuture<List<List<String>>> checks;
    private Preflight.Report preflight;
    private List<String> sourceVersionRows = List.of();

    private Copy(CopyOptions options, Consumer<String> log, RevisionFiles revisionFiles) {
        this.options = options;
        this.log = log;
        this.revisionFiles = revisionFiles;
    }

    /**
     * Runs the copy ({@code Retort.copy} is the front door).
     *
     * @param revisionFiles reads the revision files, when the target's schema has to be created
     * @return the report: COPIED (verified) or PREFLIGHT_FAILED (nothing written)
     * @throws CopyException    the copy failed; the target was rolled back
     * @throws RetortException  bad URLs or options (exit 2), or a failure before anything was written
     */
    public static CopyReport run(CopyOptions options, Consumer<String> log, RevisionFiles revisionFiles) {
        return new Copy(options, log, revisionFiles).run();
    }

    private CopyReport run() {
        long t0 = System.nanoTime();
        DatabaseUrl from = DatabaseUrl.parse(options.from());
        DatabaseUrl to = DatabaseUrl.parse(options.to());
        if (from.dialect() != Dialect.SQLITE || from.sqliteFile() == null) {
            throw RetortException.usage("--from must be a SQLite database file (sqlite:///path.db), not "
                    + from.display());
        }
        if (to.dialect() != Dialect.POSTGRESQL) {
            throw RetortException.usage("--to must be a PostgreSQL database (postgresql://user@host/db), not "
                    + to.display());
        }
        try (SqliteSource src = SqliteSource.open(from.sqliteFile(), 30_000);
             Database target = Database.open(to, 30_000, false)) {
            Connection pg = target.connection();
            try {
                pg.setAutoCommit(false);
                CopyReport report = copy(src, pg, from, to, t0);
                if (report.status() == CopyReport.Status.COPIED) {
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
                    Preflight.Report p = withChecks(preflight);
                    if (p.damaged()) {
                        return preflightFailed(p, from, to, t0, "Preflight found problems; nothing was copied.");
                    }
                }
                throw failure(e);
            }
        }
    }

    private CopyReport preflightFailed(Preflight.Report p, DatabaseUrl from, DatabaseUrl to, long t0, String message) {
        log.accept(message);
        return new CopyReport(CopyReport.Status.PREFLIGHT_FAILED, from.display(), to.display(), p, null,
                sourceVersionRows, List.of(), notes, (System.nanoTime() - t0) / 1_000_000);
    }

    private Preflight.Report withChecks(Preflight.Report p) {
        List<List<String>> r = checks.join();
        return p.withChecks(r.get(0), r.get(1));
    }

    private static void rollback(Connection pg) {
        try {
            pg.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the server rolls back anyway
        }
    }

    private RuntimeException failure(Exception e) {
        String suffix = " Nothing was changed on the target (rolled back).";
        if (e instanceof CopyException ce) {
            return ce;
        }
        if (e instanceof RetortException re) {
            return re.exitCode() == 2 ? re : new CopyException(re.getMessage() + suffix, problems, problemCount, e);
        }
        if (e instanceof SQLException) {
            return new CopyException("Database error: " + e.getMessage() + "." + suffix, problems, problemCount, e);
        }
        return new CopyException("Internal error: " + e + "." + suffix, problems, problemCount, e);
    }

    private CopyReport copy(SqliteSource src, Connection pg, DatabaseUrl from, DatabaseUrl to, long t0)
            throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET DateStyle = 'ISO, YMD'");
            st.execute("SET bytea_output = 'hex'");
            st.execute("SET lock_timeout = '60s'");
            if (!options.toastCompression().equals("default")) {
                // a session setting: only the values this copy writes; every reader decompresses either
                try (ResultSet rs = st.executeQuery("SELECT '" + options.toastCompression() + "' = ANY (enumvals)"
                        + " FROM pg_settings WHERE name = 'default_toast_compression'")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        st.execute("SET default_toast_compression = '" + options.toastCompression() + "'");
                        notes.add("large values are stored with " + options.toastCompression() + " compression"
                                + " (--toast-compression)");
                    } else {
                        notes.add("the server has no " + options.toastCompression() + " compression; its default"
                                + " is used");
                    }
                }
            }
        }
        VersionTable sourceVt = new VersionTable(options.versionTable(), null, Dialect.SQLITE);
        VersionTable targetVt = new VersionTable(options.versionTable(), options.versionTableSchema(),
                Dialect.POSTGRESQL);
        HistoryTable targetHistory = new HistoryTable(targetVt);
        String historyName = targetHistory.name();
        List<String> skipped = new ArrayList<>();
        List<SqliteSource.Table> tables = new ArrayList<>(src.tables(skipped));
        skipped.forEach(s -> notes.add("skipped " + s));
        tables.removeIf(t -> t.name().equalsIgnoreCase(options.versionTable()));
        List<String> sourceRows = sourceVt.rows(src.connection());
        sourceVersionRows = sourceRows;
        boolean sourceHasHistory = tables.stream().anyMatch(t -> t.name().equals(historyName));

        // ---- preflight (read-only)
        checks = Preflight.startChecks(src.file());
        Map<String, long[]> excluded = new HashMap<>();
        Preflight.Report pre = Preflight.run(src, tables, excluded, log);
        preflight = pre;
        if (!pre.errors().isEmpty() || (pre.hasOrphans() && !options.skipOrphans())) {
            return preflightFailed(withChecks(pre), from, to, t0, "Preflight found problems; nothing was copied.");
        }
        log.accept(String.format(java.util.Locale.ROOT, "foreign_key_check done in %.1f s", pre.millis() / 1000.0));
        if (pre.hasOrphans()) {
            log.accept("Leaving out orphaned rows: " + pre.leftOut());
        }

        // ---- target schema
        PgSchema schema = PgSchema.read(pg);
        Set<String> own = Set.of(options.versionTable(), historyName);
        boolean noTables = schema.tables.keySet().stream().noneMatch(t -> !own.contains(t));
        List<String> targetRows = targetVt.rows(pg);
        String schemaSource;
        if (noTables) {
            if (sourceRows.isEmpty()) {
                throw new RetortException("The target has no tables and the source has no " + options.versionTable()
                        + " to build them from. Create the schema first (start the application once against the"
                        + " target, or run retort upgrade), then run the copy again.");
            }
            upgradeTarget(pg, targetVt, targetRows, sourceRows);
            if (sourceHasHistory) {
                targetHistory.ensure(pg);
            }
            schema = PgSchema.read(pg);
            schemaSource = "revisions";
        } else {
            schemaSource = "existing";
            if (!targetRows.isEmpty() && !new HashSet<>(targetRows).equals(new HashSet<>(sourceRows))) {
                throw new RetortException("The target's " + options.versionTable() + " is at " + targetRows
                        + " but the source is at " + (sourceRows.isEmpty() ? "no revision" : sourceRows.toString())
                        + ": bring both to the same revision first (retort upgrade), then run the copy again.");
            }
            if (targetRows.isEmpty() && !sourceRows.isEmpty()) {
                targetVt.ensure(pg);
                for (String r : sourceRows) {
                    targetVt.apply(pg, RowChange.insert(r));
                }
                log.accept("Copied " + options.versionTable() + ": " + String.join(", ", sourceRows));
            }
        }

        // ---- map tables and columns
        List<TableMap> maps = map(tables, schema, historyName);
        Map<String, TableMap> byTarget = new LinkedHashMap<>();
        maps.forEach(m -> byTarget.put(m.target().name(), m));
        if (!byTarget.isEmpty()) {
            try (Statement st = pg.createStatement()) {
                st.execute("LOCK TABLE " + byTarget.keySet().stream().map(schema::qualified)
                        .collect(Collectors.joining(", ")) + " IN ACCESS EXCLUSIVE MODE");
            }
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
        if (!holding.isEmpty()) {
            List<String> ours = holding.stream().filter(byTarget::containsKey).toList();
            List<String> others = holding.stream().filter(t -> !byTarget.containsKey(t)).toList();
            if (!options.replace()) {
                throw new RetortException("Target tables already hold rows: " + String.join(", ", holding)
                        + ". Use --replace to empty the tables the copy writes to (in the same transaction), or copy"
                        + " into an empty database.");
            }
            if (!ours.isEmpty()) {
                // every table the copy writes to, so foreign keys between them do not block TRUNCATE
                List<String> all = byTarget.values().stream().filter(m -> !m.append()).map(m -> m.target().name())
                        .toList();
                try (Statement st = pg.createStatement()) {
                    st.execute("TRUNCATE " + all.stream().map(schema::qualified).collect(Collectors.joining(", ")));
                }
                log.accept("--replace: emptied " + String.join(", ", ours));
            }
            others.forEach(t -> notes.add("target table " + t + " holds rows and is not in the source; left as it is"));
        }

        // ---- order, cyclic foreign keys
        Map<String, Set<String>> parents = new HashMap<>();
        for (PgSchema.ForeignKey fk : schema.foreignKeys) {
            parents.computeIfAbsent(fk.table(), k -> new HashSet<>()).add(fk.parent());
        }
        List<String> order = TableOrder.of(byTarget.keySet(), parents);
        // Foreign keys of the tables written to, and their plain (non-unique) indexes, are dropped for the
        // load and re-created after it, in the same transaction (as pg_restore does): one index build and
        // one join per foreign key instead of a trigger check and an index insertion per row. Nobody else
        // sees the tables meanwhile (ACCESS EXCLUSIVE lock); the definitions are the catalog's own.
        List<PgSchema.ForeignKey> dropped = new ArrayList<>();
        for (PgSchema.ForeignKey fk : schema.foreignKeys) {
            if (byTarget.containsKey(fk.table())) {
                dropped.add(fk);
            }
        }
        List<String[]> indexes = plainIndexes(pg, schema, byTarget.keySet());
        try (Statement st = pg.createStatement()) {
            for (PgSchema.ForeignKey fk : dropped) {
                st.execute("ALTER TABLE " + schema.qualified(fk.table()) + " DROP CONSTRAINT " + Sql.quote(fk.name()));
            }
            for (String[] ix : indexes) {
                st.execute("DROP INDEX " + ix[0]);
            }
        }

        // ---- copy
        CopyManager copyManager = pg.unwrap(PGConnection.class).getCopyAPI();
        Progress progress = Progress.of(options.progress(), System.err, log);
        List<CopyReport.TableResult> results = new ArrayList<>();
        for (String name : order) {
            TableMap m = byTarget.get(name);
            results.add(copyTable(src, pg, copyManager, schema, m, excluded.get(m.source().name()), progress));
        }
        if (problemCount > 0) {
            throw new CopyException(problemCount + " value(s) can't be copied as they are" + (problemCount > problems.size()
                    ? " (the first " + problems.size() + " are listed)" : "") + ":\n  " + problems.stream()
                    .map(Problem::toString).collect(Collectors.joining("\n  "))
                    + "\nNothing was changed on the target (rolled back). Fix these rows in the source (or"
                    + " change the target column's type) and run the copy again.", problems, problemCount, null);
        }
        long tc = System.nanoTime();
        try (Statement st = pg.createStatement()) {
            for (String[] ix : indexes) {
                st.execute(ix[1]);
            }
            for (PgSchema.ForeignKey fk : dropped) {
                try {
                    st.execute("ALTER TABLE " + schema.qualified(fk.table()) + " ADD CONSTRAINT "
                            + Sql.quote(fk.name()) + " " + fk.definition());
                } catch (SQLException e) {
                    throw new RetortException("The copied rows of " + fk.table() + " break its foreign key " + fk.name()
                            + " (" + fk.definition() + "): " + e.getMessage(), e);
                }
            }
        }
        if (!dropped.isEmpty() || !indexes.isEmpty()) {
            log.accept(String.format(java.util.Locale.ROOT, "Re-created %d index(es) and %d foreign key(s) in %.1f s",
                    indexes.size(), dropped.size(), (System.nanoTime() - tc) / 1e9));
        }
        setSequences(pg, schema, maps);

        // ---- verify
        long tv = System.nanoTime();
        List<CopyReport.TableResult> verified = new ArrayList<>();
        for (CopyReport.TableResult r : results) {
            verified.add(verify(pg, schema, byTarget.get(r.targetTable()), r));
        }
        log.accept(String.format(java.util.Locale.ROOT, "Verified %d tables (row counts%s) in %.1f s", verified.size(),
                options.checksums() ? " and checksums" : "", (System.nanoTime() - tv) / 1e9));
        pre = withChecks(pre);
        if (pre.damaged()) {
            return preflightFailed(pre, from, to, t0, "Preflight found problems; nothing was copied (rolled back).");
        }
        List<String> bad = verified.stream().filter(r -> !r.verified()).map(CopyReport.TableResult::table).toList();
        CopyReport report = new CopyReport(CopyReport.Status.COPIED, from.display(), to.display(), pre, schemaSource,
                sourceRows, verified, notes, (System.nanoTime() - t0) / 1_000_000);
        if (!bad.isEmpty()) {
            throw new CopyException("Verification failed for " + String.join(", ", bad) + ":\n" + report.renderTable()
                    + "Nothing was changed on the target (rolled back).", List.of(), 0, null);
        }
        return report;
    }

    private void upgradeTarget(Connection pg, VersionTable vt, List<String> targetRows, List<String> sourceRows)
            throws SQLException {
        List<java.nio.file.Path> dirs = options.revisions().isEmpty() ? List.of(Defaults.REVISIONS)
                : options.revisions();
        RevisionFiles.Upgrades revisions;
        try {
            revisions = revisionFiles.read(dirs);
        } catch (RetortException e) {
            throw new RetortException("The target has no tables, so the copy creates them with the revision files of"
                    + " the source's revision " + sourceRows + ", but they can't be read: " + e.getMessage()
                    + ". Give --revisions DIR, or create the schema with the application first.", e);
        }
        Plan plan;
        try {
            plan = revisions.upgrade(targetRows, sourceRows);
        } catch (RetortException e) {
            throw new RetortException("The source is at revision " + String.join(", ", sourceRows) + ", which the"
                    + " revision files in " + dirs + " can't reach: " + e.getMessage(), e);
        }
        log.accept("Creating the target's schema: upgrade to " + String.join(", ", sourceRows) + " ("
                + plan.steps().size() + " revisions, in the copy's transaction)");
        PlanInTransaction.run(pg, plan, vt, log);
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
            if (target == null) {
                errors.add("table " + t.name() + " has no table in the target (schema " + schema.schema + ")");
                continue;
            }
            used.add(target.name());
            boolean history = t.name().equals(historyName);
            List<ColumnMap> cols = new ArrayList<>();
            Set<String> mapped = new HashSet<>();
            for (SqliteSource.Column c : t.columns()) {
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
                notes.add("target table " + t + " is not in the source");
            }
        }
        if (!errors.isEmpty()) {
            throw new RetortException("The target's schema does not fit the source:\n  " + String.join("\n  ", errors)
                    + "\nBring the target to the source's revision (or fix the schema) and run the copy again.");
        }
        return out;
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

    private CopyReport.TableResult copyTable(SqliteSource src, Connection pg, CopyManager cm, PgSchema schema,
                                             TableMap m, long[] excluded, Progress progress) throws SQLException {
        SqliteSource.Table t = m.source();
        long t0 = System.nanoTime();
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
        List<ColumnMap> cols = m.columns();
        int n = cols.size();
        PgType[] types = new PgType[n];
        boolean[] notNull = new boolean[n];
        boolean[] hashed = new boolean[n];
        for (int i = 0; i < n; i++) {
            types[i] = cols.get(i).target().type();
            notNull[i] = cols.get(i).target().notNull();
            hashed[i] = cols.get(i).hashed();
        }
        RowHash hash = new RowHash();
        boolean anyHashed = options.checksums();
        CopyBuffer buf = new CopyBuffer(BUFFER);
        String copySql = "COPY " + schema.qualified(m.target().name()) + " (" + columnList(cols, false) + ") FROM STDIN";
        CopyIn copy = problemCount == 0 ? cm.copyIn(copySql) : null;
        Sender sender = copy == null ? null : new Sender(copy, 4, BUFFER);
        long rows = 0;
        long leftOut = 0;
        long sent = 0;
        long bytes = 0;
        int batch = options.batchRows();
        try (Statement st = src.connection().createStatement(); ResultSet rs0 = st.executeQuery(selectSql(m))) {
            JDBC3ResultSet rs = (JDBC3ResultSet) rs0;
            while (rs.next()) {
                rows++;
                long rowid = t.rowid() == null ? rows : rs.getLong(1);
                if (excluded != null && Arrays.binarySearch(excluded, rowid) >= 0) {
                    leftOut++;
                    continue;
                }
                int mark = buf.len;
                int i = 0;
                try {
                    for (; i < n; i++) {
                        int col = i + 2;
                        int type = (int) COLUMN_TYPE.invokeExact(rs, col - 1);
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
                        converter.write(types[i], notNull[i], type, l, d, b, buf, hashed[i] ? hash : null);
                    }
                    buf.put((byte) '\n');
                    if (anyHashed) {
                        hash.endRow();
                    }
                    sent++;
                } catch (TypeConverter.Bad e) {
                    buf.reset(mark);
                    hash.abandonRow();
                    problem(t.name(), (t.rowid() == null ? "row " : "rowid ") + rowid, cols.get(i).source(), e.kind,
                            e.getMessage());
                    if (copy != null) {
                        sender.close();
                        sender = null;
                        copy.cancelCopy();
                        copy = null;
                        log.accept("Problem in " + t.name() + " rowid " + rowid + "; checking the remaining rows"
                                + " without copying, to list every problem");
                    }
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                if (buf.len >= CHUNK || sent % batch == 0) {
                    bytes += buf.len;
                    if (sender != null && buf.len > 0) {
                        buf = sender.send(buf);
                    } else {
                        buf.clear();
                    }
                    buf.trim(BUFFER);
                    if (sent % batch == 0) {
                        progress.update(rows, bytes);
                    }
                }
            }
        } catch (SQLException e) {
            abort(sender, copy);
            throw e instanceof PSQLException ? serverError(e, t, src, m, excluded) : e;
        } catch (RuntimeException e) {
            if (sender != null) {
                sender.close();
            }
            throw e;
        }
        bytes += buf.len;
        long copied = sent;
        if (copy != null) {
            try {
                if (buf.len > 0) {
                    buf = sender.send(buf);
                }
                sender.finish();
                copied = copy.endCopy();
            } catch (SQLException e) {
                abort(sender, copy);
                throw serverError(e, t, src, m, excluded);
            }
        }
        progress.finish(rows, bytes);
        String sum = options.checksums() ? new java.math.BigInteger(hash.sum()).add(new java.math.BigInteger(beforeSum))
                .toString() : null;
        return new CopyReport.TableResult(t.name(), m.target().name(), total, copied, leftOut, before, sum, null,
                cols.stream().filter(c -> !c.hashed()).map(c -> c.target().name()).toList(), bytes,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Stops a COPY that failed: the sending thread, then the COPY itself if the server still has it open. */
    private static void abort(Sender sender, CopyIn copy) {
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

    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

    /** A server error during COPY, with the source row it was about (COPY names the line). */
    private SQLException serverError(SQLException e, SqliteSource.Table t, SqliteSource src, TableMap m, long[] excluded) {
        String where = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getWhere() : null;
        String row = "";
        if (where != null) {
            Matcher mt = COPY_LINE.matcher(where);
            if (mt.find()) {
                long line = Long.parseLong(mt.group(1));
                row = " at " + rowAt(src, m, excluded, line);
            }
        }
        return new SQLException("copying table " + t.name() + row + ": " + e.getMessage(), e.getSQLState(), e);
    }

    /** The source row that was the n-th row sent (1-based) — found again by reading the table. */
    private String rowAt(SqliteSource src, TableMap m, long[] excluded, long n) {
        SqliteSource.Table t = m.source();
        if (t.rowid() == null) {
            return "row " + n;
        }
        try (Statement st = src.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " + t.rowid()
                + " FROM main." + Sql.quote(t.name()) + " ORDER BY " + t.rowid())) {
            long k = 0;
            while (rs.next()) {
                long id = rs.getLong(1);
                if (excluded != null && Arrays.binarySearch(excluded, id) >= 0) {
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

    private void setSequences(Connection pg, PgSchema schema, List<TableMap> maps) throws SQLException {
        for (TableMap m : maps) {
            for (Map.Entry<String, String> e : m.target().sequences().entrySet()) {
                String sql = "SELECT setval('" + e.getValue().replace("'", "''") + "'::regclass, x.m) FROM (SELECT max("
                        + Sql.quote(e.getKey()) + ")::bigint AS m FROM " + schema.qualified(m.target().name())
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

    private CopyReport.TableResult verify(Connection pg, PgSchema schema, TableMap m, CopyReport.TableResult r)
            throws SQLException {
        String[] c = checksum(pg, schema, m);
        long targetRows = Long.parseLong(c[0]) - r.targetRows(); // targetRows held the rows there before (append)
        return new CopyReport.TableResult(r.table(), r.targetTable(), r.sourceRows(), r.copiedRows(), r.leftOut(),
                targetRows, r.sourceChecksum(), c[1], r.uncheckedColumns(), r.bytes(), r.millis());
    }
}
