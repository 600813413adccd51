package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * PostgreSQL's run-long migration lock: a session advisory lock keyed on the version table's
 * qualified name, so runs against different version tables do not block each other. On SQLite
 * this is a no-op (each step takes SQLite's own write lock). {@code copy} holds it on its target too.
 */
public final class AdvisoryLock implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    public static AdvisoryLock acquire(Database db, VersionTable table, long timeoutMillis, Consumer<String> log)
            throws SQLException {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return new AdvisoryLock(null, 0);
        }
        Connection c = db.connection();
        c.setAutoCommit(true);
        long key = key(table);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        boolean announced = false;
        while (true) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new AdvisoryLock(c, key);
                    }
                }
            }
            if (!announced) {
                log.accept("Waiting for the migration lock on " + table.qualified() + ", held by " + holder(c, key));
                announced = true;
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new RetortException("Timed out after " + Database.seconds(timeoutMillis) + " waiting for the"
                        + " migration lock on " + table.qualified() + ", held by " + holder(c, key) + ". Another"
                        + " migration is running; wait for it, " + Database.RAISE_LOCK_TIMEOUT + ", or end that session."
                        + " Nothing was changed.");
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetortException("Interrupted while waiting for the migration lock");
            }
        }
    }

    /** The lock key: the first 8 bytes of SHA-256 of "retort:" + the qualified table name. */
    public static long key(VersionTable table) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("retort:" + table.qualified()).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Who holds the lock: pid, application_name and since when, from pg_locks and pg_stat_activity. */
    private static String holder(Connection c, long key) throws SQLException {
        String sql = "SELECT " + SessionInfo.columns("a.backend_start")
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "a session that just released it";
                }
                return SessionInfo.read(rs).describe("connected since", false);
            }
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            if (!connection.getAutoCommit()) {
                connection.rollback();  // work still open here did not finish (its run commits what did): nothing half-applied
            }
            connection.setAutoCommit(true);
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException ignored) {
            // closing the session releases the lock anyway
        }
    }
}
