package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.graph.Plan;
import dev.retort.graph.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs plans on a live database, safely when several runs start at once.
 *
 * <ul>
 *   <li>Each step's statements and its version-table change commit in one transaction (on SQLite
 *       too), so a failing revision leaves nothing of itself behind and the database stays at the
 *       last revision that completed. With {@code singleTransaction} the whole run is one
 *       transaction instead.</li>
 *   <li>A revision marked {@code Transactional: false} runs its statements in autocommit; its row
 *       change commits right after. A statement that cannot run in a transaction (CREATE INDEX
 *       CONCURRENTLY, VACUUM, ...) runs alone in autocommit, between two transactions of its revision.</li>
 *   <li>PostgreSQL: a session advisory lock keyed on the version table is held for the whole run.
 *       SQLite: each step takes the write lock (BEGIN IMMEDIATE, waiting up to the lock timeout).
 *       On both, every step re-reads the version rows inside its transaction; if another run moved
 *       them, the rest is planned again from what is there, so no revision runs twice.</li>
 * </ul>
 */
public final class Executor {
    private static final int MAX_REPLANS = 10_000;

    private final Database db;
    private final VersionTable table;
    private final boolean singleTransaction;
    private final long lockTimeoutMillis;
    private final Consumer<String> log;
    private final HistoryTable history;
    /** The history INSERT of this run, prepared at its first step (null before), closed when the run ends. */
    private PreparedStatement historyInsert;
    private final DdlLocks ddl;
    private String dbUser;
    private final SqliteForeignKeys foreignKeys = new SqliteForeignKeys();
    private final SqliteJournal journal = new SqliteJournal();
    /** The version rows committed so far; null until they are read (a failure before that changed nothing). */
    private List<String> committedRows;
    /** The lock timeout the last failed step hit, else null (set by runStep for the retry loop). */
    private LockTimeout lockTimeout;

    /** A step that gave up waiting for a lock: where, on which tables, behind which sessions. */
    private record LockTimeout(String where, Set<String> tables, List<String> blockers) {
        String describe() {
            return where + " waited longer than the lock timeout for "
                    + (tables.isEmpty() ? "a lock" : "its lock on " + String.join(", ", tables))
                    + (blockers.isEmpty() ? "" : "; held by " + String.join("; ", blockers));
        }
    }

    /** @param ddl PostgreSQL's lock_timeout for each step and how often a step that hit it is retried */
    public Executor(Database db, VersionTable table, boolean singleTransaction, long lockTimeoutMillis,
                    DdlLocks ddl, Consumer<String> log) {
        this.ddl = ddl;
        this.db = db;
        this.table = table;
        this.singleTransaction = singleTransaction;
        this.lockTimeoutMillis = lockTimeoutMillis;
        this.log = log;
        this.history = new HistoryTable(table);
    }

    /** A plan with its statements read, split and checked before anything is opened. */
    public record Prepared(Plan plan, List<List<Statement>> bodies) {
    }

    /**
     * Reads and checks a plan's statements without a database: refuses a step of a Python revision,
     * a COMMIT in a transactional revision, and a step that can't be part of a single transaction.
     */
    public static Prepared prepare(Plan plan, Dialect dialect, boolean singleTransaction) {
        return new Prepared(plan, statements(plan, dialect, singleTransaction));
    }

    /**
     * Plans from the current version rows and runs the plan.
     *
     * @param planner the plan of the command from given rows (pure)
     * @param purge   empty the version table first ({@code stamp --purge})
     * @return what ran: the rows before, the steps executed, the rows after, and the durations
     */
    public Run run(Function<List<String>, Plan> planner, boolean purge) {
        return run(planner, purge, null);
    }

    /** {@link #run(Function, boolean)}, taking the statements of {@code prepared} when the planner returns its plan. */
    public Run run(Function<List<String>, Plan> planner, boolean purge, Prepared prepared) {
        long t0 = System.nanoTime();
        List<Long> millis = new ArrayList<>();
        try (AdvisoryLock lock = AdvisoryLock.acquire(db, table, lockTimeoutMillis, log)) {
            dbUser = HistoryTable.databaseUser(db.connection(), db.dialect());
            List<String> before = purge ? List.of() : table.rows(db.connection());
            Plan plan = planner.apply(before);
            List<List<Statement>> bodies = prepared != null && prepared.plan() == plan ? prepared.bodies()
                    : statements(plan, db.dialect(), singleTransaction);
            committedRows = before;
            List<String> after = before;
            journal.persist(db.connection());
            if (singleTransaction && bodies.stream().anyMatch(StepSql::rebuilds)) {
                foreignKeys.switchOff(db.connection()); // it can't change inside the one transaction
            }
            ensureTable(purge);
            List<Step> done = new ArrayList<>();
            List<String> warnings = new ArrayList<>(plan.warnings());
            int replans = 0;
            int failedAttempts = 0;     // of the current step, on the DDL lock timeout
            int i = 0;
            Connection c = db.connection();
            while (i < plan.steps().size()) {
                Step step = plan.steps().get(i);
                List<Statement> body = bodies.get(i);
                boolean outside = StepSql.outsideTransaction(step, body);
                if (StepSql.rebuilds(body) && c.getAutoCommit()) {
                    foreignKeys.switchOff(c);
                }
                c.setAutoCommit(false);     // the step's transaction, in which it re-reads the rows
                List<String> now = table.readRows(c);
                if (!new HashSet<>(now).equals(new HashSet<>(step.rowsBefore()))) {    // another run moved them
                    if (++replans > MAX_REPLANS) {
                        throw new RetortException("The version table keeps changing under this run; giving up");
                    }
                    if (!singleTransaction) {
                        c.rollback();
                    }
                    log.accept("Version table changed by another run (now " + describe(now) + "); planning again");
                    plan = planner.apply(now);
                    bodies = statements(plan, db.dialect(), singleTransaction);
                    after = now;    // where the database is, also when the new plan has nothing left to do
                    if (!singleTransaction || done.isEmpty()) {
                        committedRows = now;
                    }
                    i = 0;
                    continue;
                }
                try {
                    millis.add(runStep(c, step, body, outside));
                } catch (RetortException e) {
                    if (lockTimeout == null || outside || singleTransaction) {
                        throw e;
                    }
                    if (++failedAttempts > ddl.retries()) {
                        String attempts = failedAttempts == 1 ? ", in its one attempt"
                                : ", in each of " + failedAttempts + " attempts";
                        throw new RetortException(lockTimeout.describe() + attempts + " (DDL lock timeout "
                                + Database.seconds(ddl.timeoutMillis()) + ", " + ddl.retries()
                                + (ddl.retries() == 1 ? " retry" : " retries") + "). Nothing of the revision was"
                                + " applied; the database is at " + describe(committedRows) + ". End or wait for"
                                + " the session(s) holding the lock, or"
                                + " raise --ddl-lock-timeout / --ddl-retries (ddlLockTimeoutMillis(...) /"
                                + " ddlRetries(...) in Java; retort.ddl-lock-timeout / retort.ddl-retries in Spring"
                                + " Boot).", e);
                    }
                    long pause = DdlLocks.pauseMillis(failedAttempts);
                    log.accept(lockTimeout.describe() + "; rolled back, retry " + failedAttempts + " of "
                            + ddl.retries() + " in " + pause + " ms");
                    sleep(pause);
                    continue;   // the step again, from a new transaction
                }
                failedAttempts = 0;
                if (c.getAutoCommit()) {
                    foreignKeys.restore(c);
                }
                done.add(step);
                // the planner's rows after this step: the next step's rows before, or the plan's last
                after = i + 1 < plan.steps().size() ? plan.steps().get(i + 1).rowsBefore() : plan.rowsAfter();
                if (!singleTransaction) {
                    committedRows = after;
                }
                i++;
            }
            if (!c.getAutoCommit()) {
                switchToAutocommit(c);
            }
            return new Run(new Plan(before, done, after, warnings), millis, (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            rollback();
            throw new RetortException(busy(e) ? lockTimeoutMessage() : "Database error: " + Database.errorText(e)
                    + (committedRows == null ? ". Nothing was changed." : ". The database is at "
                    + describe(committedRows) + "."), e);
        } finally {
            closeHistoryInsert();
            endTransactionQuietly();    // the pragmas below change only in autocommit
            foreignKeys.restoreQuietly(db.connection());
            journal.restoreQuietly(db.connection());
        }
    }

    /** After a failure: rolls back what is still open (nothing commits on failure) and returns to autocommit. */
    private void endTransactionQuietly() {
        try {
            Database.rollbackToAutocommit(db.connection());
        } catch (SQLException ignored) {
            // the connection is going away with the failure that brought us here
        }
    }

    private void recordHistory(Connection c, HistoryTable.Entry e) throws SQLException {
        if (historyInsert == null) {
            historyInsert = history.prepareInsert(c);
        }
        history.insert(historyInsert, e);
    }

    private void closeHistoryInsert() {
        try {
            if (historyInsert != null) {
                historyInsert.close();
            }
        } catch (SQLException ignored) {
            // the run's outcome is decided; the connection closes next
        }
        historyInsert = null;
    }

    /**
     * The plan's statements; a single-transaction run refuses a step that must run outside a
     * transaction before anything runs: it would commit the run's earlier steps and break the
     * all-or-nothing the run was asked for.
     */
    private static List<List<Statement>> statements(Plan plan, Dialect dialect, boolean singleTransaction) {
        List<List<Statement>> bodies = StepSql.statements(plan, dialect);
        for (int i = 0; singleTransaction && bodies.size() > 1 && i < bodies.size(); i++) {   // one step: no others to break
            Step step = plan.steps().get(i);
            if (StepSql.outsideTransaction(step, bodies.get(i))) {
                throw new RetortException(StepSql.where(step, null) + " must run outside a transaction (Transactional:"
                        + " false, or a statement such as CREATE INDEX CONCURRENTLY), so it can't be part of a"
                        + " single-transaction run (--single-transaction; singleTransaction(true) in Java;"
                        + " retort.single-transaction in Spring Boot), which is all or nothing. " + (i == 0 ? "It is the next revision: run it on its own first"
                        + " (upgrade " + String.join(",", step.toIds()) + ")" : "Upgrade to the revision before it first")
                        + ", then the rest. Nothing was changed.");
            }
        }
        return bodies;
    }

    /** Creates the version table if it is missing (and empties it for a purge), in its own transaction. */
    private void ensureTable(boolean purge) throws SQLException {
        Connection c = db.connection();
        c.setAutoCommit(false);
        table.ensure(c);    // a missing schema was named by the first look at the rows
        history.ensure(c);
        if (purge) {
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM " + table.qualified());
            }
        }
        if (!singleTransaction) {
            switchToAutocommit(c);
        }
    }

    /**
     * Switches the connection to autocommit, which commits what is open: so that nothing waits for
     * the write lock after the work is committed. sqlite-jdbc's {@code commit()} runs the next BEGIN
     * IMMEDIATE at once, which waits for (and can time out on) another writer that took the lock in
     * between — turning a committed revision into a reported failure that names the revision before
     * it. The next step's {@code setAutoCommit(false)} takes the lock when it is needed.
     */
    private static void switchToAutocommit(Connection c) throws SQLException {
        c.setAutoCommit(true);
    }

    /** Runs one step and records it in the history table; returns its duration in milliseconds. */
    private long runStep(Connection c, Step step, List<Statement> statements, boolean outside) {
        log.accept(step.logLine());
        lockTimeout = null;
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        boolean ddlTimeout = db.dialect() == Dialect.POSTGRESQL && ddl.timeoutMillis() > 0 && !statements.isEmpty();
        String sessionTimeout = null;   // outside a transaction: the session's own, put back after the step
        try {
            if (step.revision() != null && !step.revision().transactional()) {
                switchToAutocommit(c);      // Transactional: false; else StepSql.run switches around each such statement
            }
            if (ddlTimeout && outside) {
                sessionTimeout = DdlLocks.sessionLockTimeout(c);
            }
            if (ddlTimeout) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(ddl.set(!outside));     // outside a transaction: for the session, reset below
                }
            }
            StepSql.run(c, step, statements, table);
            recordHistory(c, entry(step, statements, started, t0, null));
            if (!singleTransaction || outside) {
                switchToAutocommit(c);
            }
            if (sessionTimeout != null) {
                DdlLocks.restoreLockTimeout(c, sessionTimeout);
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } catch (SQLException | RetortException e) {
            rollback();
            if (e instanceof SQLException sql && busy(sql)) {
                throw new RetortException(lockTimeoutMessage(), StepSql.StatementFailed.unwrap(e));
            }
            Statement failed = StepSql.StatementFailed.of(e);
            if (ddlTimeout && DdlLocks.isLockTimeout(e)) {
                Set<String> tables = failed == null ? Set.of() : DdlLocks.tables(failed.sql());
                lockTimeout = new LockTimeout(StepSql.where(step, failed), tables, DdlLocks.blockers(c, tables,
                        failed == null ? DdlLocks.LockNeed.ACCESS_EXCLUSIVE : DdlLocks.LockNeed.of(failed.sql())));
            }
            if (sessionTimeout != null) {
                DdlLocks.restoreLockTimeout(c, sessionTimeout);
            }
            recordFailure(c, entry(step, statements, started, t0, e.getMessage()));
            List<Integer> ran = StepSql.committedBefore(step, statements, failed).stream().map(Statement::line).toList();
            String invalidIndex = db.dialect() == Dialect.POSTGRESQL && failed != null
                    ? DdlLocks.invalidIndexLeftBy(c, failed.sql()) : null;
            throw failure(step, failed, StepSql.StatementFailed.unwrap(e), outside, ran, invalidIndex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("Interrupted while waiting to retry a revision", e);
        }
    }

    private HistoryTable.Entry entry(Step step, List<Statement> statements, Instant started, long t0, String error) {
        return HistoryTable.Entry.of(step, statements, db.dialect(), dbUser, started,
                (System.nanoTime() - t0) / 1_000_000, error);
    }

    /** Records a failed step in a transaction of its own (best effort: the failure itself matters more). */
    private void recordFailure(Connection c, HistoryTable.Entry e) {
        try {
            c.setAutoCommit(true);
            recordHistory(c, e);
        } catch (SQLException ignored) {
            // e.g. the whole run was one transaction and the history table went with it
        }
    }

    private RetortException failure(Step step, Statement failed, Exception e, boolean outside, List<Integer> ran,
                                    String invalidIndex) {
        String where = StepSql.where(step, failed);
        String state = outside
                ? " It runs outside a transaction (Transactional: false), or holds a statement that must (such as"
                + " CREATE INDEX CONCURRENTLY), so it is not retried; "
                + (ran.isEmpty() ? "none of its statements was committed" : "its statements committed before the"
                + " failure stay applied (line(s) " + ran.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")")
                + "; the version table is at " + describe(committedRows) + "."
                : (singleTransaction ? " The whole run was rolled back" : " The revision was rolled back")
                + "; the database is at " + describe(committedRows) + ".";
        // the driver's text as one sentence: PostgreSQL's "\n  Position: 14" and no final period run into ours
        String said = Database.errorText(e).strip().replaceAll("\\s*\\n\\s*", " ");
        // not retried (outside a transaction, or one transaction for the run): who holds the lock, said here
        String holders = lockTimeout == null || lockTimeout.blockers().isEmpty() ? ""
                : " The lock is held by " + String.join("; ", lockTimeout.blockers()) + ".";
        String left = invalidIndex == null ? "" : " The failed CREATE INDEX CONCURRENTLY left the index " + invalidIndex
                + " behind, INVALID (PostgreSQL keeps it; run again, the statement fails on its name or, unnamed,"
                + " leaves another): DROP INDEX CONCURRENTLY " + invalidIndex + " before the revision runs again.";
        return new RetortException(where + " failed during " + step.shortLog() + ": " + said
                + (said.matches(".*[.!?]$") ? "" : ".") + holders + state + left, e);
    }

    private static String describe(List<String> rows) {
        return rows.isEmpty() ? "base" : "revision " + String.join(", ", rows);
    }

    private static boolean busy(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked");
    }

    private String lockTimeoutMessage() {
        return "Timed out after " + Database.seconds(lockTimeoutMillis) + " waiting for another writer on "
                + db.url().display() + " (SQLite: database is locked). Another migration is probably running;"
                + " wait for it, or " + Database.RAISE_LOCK_TIMEOUT + (committedRows == null ? ". Nothing was changed."
                : ". The database is at " + describe(committedRows) + ".");
    }

    private void rollback() {
        Connection c = db.connection();
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // SQLite ended the transaction itself (an interrupted statement rolls it back), and sqlite-jdbc,
            // which does not know, can't end it: a new one lets it, so the failure can still be recorded
            if (db.dialect() == Dialect.SQLITE && String.valueOf(e.getMessage()).contains("no transaction is active")) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("BEGIN");
                } catch (SQLException ignored) {
                    // the original error matters more
                }
            }
        }
    }
}
