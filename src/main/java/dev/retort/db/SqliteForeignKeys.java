package dev.retort.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code PRAGMA foreign_keys} switched off around a revision that rebuilds a SQLite table, and
 * back as it was after. The pragma is a no-op inside a transaction, so this happens between
 * transactions; with it on, the rebuild's DROP TABLE would delete (or refuse for) the rows other
 * tables hold on the table. The rebuild checks the foreign keys itself before the commit.
 */
final class SqliteForeignKeys {
    private boolean switchedOff;

    /** Switches the pragma off if it is on (the connection must be in autocommit). */
    void switchOff(Connection c) throws SQLException {
        if (switchedOff || !c.getMetaData().getURL().startsWith("jdbc:sqlite:")) {
            return;
        }
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return;
            }
            st.execute("PRAGMA foreign_keys = OFF");
        }
        switchedOff = true;
    }

    /** Switches it back on if this switched it off (the connection must be in autocommit). */
    void restore(Connection c) throws SQLException {
        if (switchedOff) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA foreign_keys = ON");
            }
            switchedOff = false;
        }
    }

    /** At the end of a run, in autocommit: {@link #restore}, whatever the outcome. */
    void restoreQuietly(Connection c) {
        try {
            restore(c);
        } catch (SQLException ignored) {
            // the connection is going away with the failure that brought us here
        }
    }
}
