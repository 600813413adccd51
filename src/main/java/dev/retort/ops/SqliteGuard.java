package dev.retort.ops;

import dev.retort.api.RetortException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code add_column} with {@code if_not_exists} on SQLite, whose ALTER TABLE has no such clause: checked live. */
final class SqliteGuard implements Rendered.LiveStep {
    private final Operation.AddColumn op;
    private final String sql;

    SqliteGuard(Operation.AddColumn op, String sql) {
        this.op = op;
        this.sql = sql;
    }

    @Override
    public void run(Connection c) throws SQLException {
        SqliteTable t;
        try {
            t = SqliteTable.read(c, op.table());
        } catch (RetortException e) {
            throw new RetortException("add_column (line " + op.line() + "): " + dev.retort.db.Database.errorText(e), e);
        }
        if (t.columnIndex(op.column().name()) < 0) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    @Override
    public String describe() {
        return "if the column is missing: " + sql;
    }

    @Override
    public String title() {
        return "add_column (line " + op.line() + ") with if_not_exists on SQLite, which checks the live table";
    }

    @Override
    public String offlineSql() {
        return null;
    }
}
