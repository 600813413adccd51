package dev.retort.ops;

import java.sql.Connection;
import java.sql.SQLException;

/** What a portable operation becomes on a dialect: SQL, SQL to split like a SQL revision's, or a live step. */
public sealed interface Rendered {
    /** 1-based line in the revision file of the operation. */
    int line();

    /** One statement. */
    record Sql(String sql, int line, boolean nonTransactional) implements Rendered {
    }

    /** {@code execute}'s SQL: possibly several statements, split as SQL revisions are. */
    record Script(String sql, int line) implements Rendered {
    }

    /** A step that needs the live database (the SQLite rebuild, a guard SQLite's DDL has no syntax for). */
    record Live(LiveStep step, int line) implements Rendered {
    }

    /** Work done on the connection inside the revision's transaction. */
    interface LiveStep {
        void run(Connection c) throws SQLException;

        /** A canonical description of what it does: for checksums and messages. */
        String describe();

        /** What it is, for messages: {@code the SQLite rebuild of table 't' for alter_column (line 5)}. */
        String title();

        /** The statements to print for {@code --sql}, or null when it needs the live table. */
        String offlineSql();
    }
}
