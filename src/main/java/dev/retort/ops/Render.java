package dev.retort.ops;

import dev.retort.api.Dialect;
import dev.retort.ops.Operation.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Portable operations to what runs on a dialect: the statements Alembic's op (SQLAlchemy 1.4's
 * DDL compiler) produces, and on SQLite the table rebuilds where {@code ALTER TABLE} can't do it.
 * Consecutive rebuilding operations on one table share one rebuild.
 */
public final class Render {
    private Render() {
    }

    public static List<Rendered> render(List<Operation> ops, Dialect d) {
        List<Rendered> out = new ArrayList<>();
        List<Operation> group = new ArrayList<>();
        for (Operation op : ops) {
            boolean rebuilds = d == Dialect.SQLITE && rebuilds(op);
            if (!group.isEmpty() && (!rebuilds || !group.get(0).table().equals(op.table()))) {
                out.add(new Rendered.Live(new SqliteRebuild(group.get(0).table(), group), group.get(0).line()));
                group = new ArrayList<>();
            }
            if (rebuilds) {
                group.add(op);
                if (op instanceof AlterColumn a && a.newName() != null) {
                    // the rename is its own ALTER, after the rebuild that changes the definition
                    out.add(new Rendered.Live(new SqliteRebuild(op.table(), group), group.get(0).line()));
                    group = new ArrayList<>();
                    out.add(new Rendered.Sql(renameColumn(a, d), a.line(), false));
                }
                continue;
            }
            if (d == Dialect.SQLITE && op instanceof AddColumn a && a.ifNotExists()) {
                out.add(new Rendered.Live(new SqliteGuard(a, addColumn(a, d).get(0)), a.line()));
                continue;
            }
            out.addAll(statements(op, d));
        }
        if (!group.isEmpty()) {
            out.add(new Rendered.Live(new SqliteRebuild(group.get(0).table(), group), group.get(0).line()));
        }
        return out;
    }

    /** True when SQLite's ALTER TABLE can't do the operation (drop_column: maybe; the rebuild decides live). */
    static boolean rebuilds(Operation op) {
        if (op instanceof AddColumn a) {
            return addColumnRebuilds(a.column());
        }
        if (op instanceof AlterColumn a) {
            return a.changesDefinition();
        }
        return op instanceof DropColumn || op instanceof CreateForeignKey || op instanceof CreateUniqueConstraint
                || op instanceof CreateCheckConstraint || op instanceof CreatePrimaryKey || op instanceof DropConstraint;
    }

    private static final Pattern CONSTANT = Pattern.compile("[-+]?\\d+(\\.\\d+)?|'([^']|'')*'|NULL", Pattern.CASE_INSENSITIVE);

    /** SQLite's ADD COLUMN refuses UNIQUE, NOT NULL without a default, and a non-constant default. */
    static boolean addColumnRebuilds(Column c) {
        if (c.unique() || c.references() != null || (!c.nullable() && c.serverDefault() == null)) {
            return true;
        }
        return c.serverDefault() instanceof ServerDefault.Expression e
                && !CONSTANT.matcher(e.sql().on(Dialect.SQLITE).strip()).matches();
    }

    private static List<Rendered> statements(Operation op, Dialect d) {
        int line = op.line();
        List<String> sql;
        if (op instanceof CreateTable t) {
            sql = Ddl.createTable(t, d);
        } else if (op instanceof DropTable t) {
            sql = List.of("DROP TABLE " + (t.ifExists() ? "IF EXISTS " : "") + q(t.table(), d));
        } else if (op instanceof RenameTable r) {
            sql = List.of("ALTER TABLE " + q(r.table(), d) + " RENAME TO " + q(r.newName(), d));
        } else if (op instanceof AddColumn a) {
            sql = addColumn(a, d);
        } else if (op instanceof DropColumn c) {
            sql = List.of(alter(c.table(), d) + "DROP COLUMN " + (c.ifExists() ? "IF EXISTS " : "")
                    + q(c.column(), d));
        } else if (op instanceof AlterColumn a) {
            sql = alterColumn(a, d);
        } else if (op instanceof CreateIndex i) {
            sql = List.of(createIndex(i, d));
        } else if (op instanceof DropIndex i) {
            sql = List.of("DROP INDEX " + (i.concurrently() && d == Dialect.POSTGRESQL ? "CONCURRENTLY " : "")
                    + (i.ifExists() ? "IF EXISTS " : "") + q(i.index(), d));
        } else if (op instanceof CreateForeignKey f) {
            sql = List.of(alter(f.table(), d) + "ADD " + Ddl.foreignKey(f.key(), d)
                    + (f.notValid() && d == Dialect.POSTGRESQL ? " NOT VALID" : ""));
        } else if (op instanceof CreateUniqueConstraint u) {
            sql = List.of(alter(u.table(), d) + "ADD " + Ddl.named(u.constraint(), d)
                    + "UNIQUE (" + Ddl.quoteAll(u.columns(), d) + ")");
        } else if (op instanceof CreateCheckConstraint c) {
            sql = List.of(alter(c.table(), d) + "ADD " + Ddl.named(c.constraint(), d)
                    + "CHECK (" + c.condition() + ")");
        } else if (op instanceof CreatePrimaryKey p) {
            sql = List.of(alter(p.table(), d) + "ADD " + Ddl.named(p.constraint(), d)
                    + "PRIMARY KEY (" + Ddl.quoteAll(p.columns(), d) + ")");
        } else if (op instanceof DropConstraint c) {
            sql = List.of(alter(c.table(), d) + "DROP CONSTRAINT " + q(c.constraint(), d));
        } else if (op instanceof Execute e) {
            sql = null;
        } else if (op instanceof BulkInsert b) {
            sql = bulkInsert(b, d);
        } else {
            throw new IllegalStateException(op.name());
        }
        if (op instanceof Execute e) {
            String text = e.sql().on(d);
            return text == null ? List.of() : List.of(new Rendered.Script(text, line));
        }
        boolean concurrently = d == Dialect.POSTGRESQL && (op instanceof CreateIndex i && i.concurrently()
                || op instanceof DropIndex di && di.concurrently());
        List<Rendered> out = new ArrayList<>();
        for (String s : sql) {
            out.add(new Rendered.Sql(s, line, concurrently));
        }
        return out;
    }

    private static String q(String name, Dialect d) {
        return Ddl.quote(name, d);
    }

    private static String alter(String table, Dialect d) {
        return "ALTER TABLE " + q(table, d) + " ";
    }

    /** Alembic's add_column: the column, then its constraints and comment as statements of their own. */
    static List<String> addColumn(AddColumn a, Dialect d) {
        Column c = a.column();
        List<String> out = new ArrayList<>();
        out.add(alter(a.table(), d) + "ADD COLUMN " + (a.ifNotExists() && d == Dialect.POSTGRESQL ? "IF NOT EXISTS " : "")
                + Ddl.columnSpec(c, d, false));
        if (c.unique()) {
            out.add(alter(a.table(), d) + "ADD UNIQUE (" + q(c.name(), d) + ")");
        }
        if (c.references() != null) {
            out.add(alter(a.table(), d) + "ADD " + Ddl.foreignKey(c.references(), d));
        }
        if (c.comment() != null && d == Dialect.POSTGRESQL) {
            out.add(Ddl.comment(a.table(), c, d));
        }
        return out;
    }

    /** PostgreSQL: type (with USING) first, then nullability, default and the rename, as Alembic's impl does. */
    private static List<String> alterColumn(AlterColumn a, Dialect d) {
        List<String> out = new ArrayList<>();
        String col = alter(a.table(), d) + "ALTER COLUMN " + q(a.column(), d) + " ";
        if (a.type() != null) {
            out.add(col + "TYPE " + a.type().render(d) + (a.using() == null ? "" : " USING " + a.using()));
        }
        if (a.nullable() != null) {
            out.add(col + (a.nullable() ? "DROP NOT NULL" : "SET NOT NULL"));
        }
        if (a.serverDefault() != null) {
            out.add(col + (a.serverDefault() == AlterColumn.REMOVE ? "DROP DEFAULT"
                    : "SET DEFAULT " + a.serverDefault().render(d)));
        }
        if (a.newName() != null) {
            out.add(renameColumn(a, d));
        }
        return out;
    }

    private static String renameColumn(AlterColumn a, Dialect d) {
        return alter(a.table(), d) + "RENAME " + q(a.column(), d) + " TO " + q(a.newName(), d);
    }

    static String createIndex(CreateIndex i, Dialect d) {
        List<String> cols = new ArrayList<>();
        for (IndexColumn c : i.columns()) {
            cols.add(c.column() != null ? q(c.column(), d) : c.expression());
        }
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX "
                + (i.concurrently() && d == Dialect.POSTGRESQL ? "CONCURRENTLY " : "")
                + (i.ifNotExists() ? "IF NOT EXISTS " : "") + q(i.index(), d) + " ON " + q(i.table(), d)
                + " (" + String.join(", ", cols) + ")" + (i.where() == null ? "" : " WHERE " + i.where());
    }

    private static List<String> bulkInsert(BulkInsert b, Dialect d) {
        List<String> out = new ArrayList<>();
        for (Map<String, Value> row : b.rows()) {
            List<String> values = new ArrayList<>();
            for (Value v : row.values()) {
                values.add(v.render(d));
            }
            out.add("INSERT INTO " + q(b.table(), d) + " (" + Ddl.quoteAll(List.copyOf(row.keySet()), d) + ") VALUES ("
                    + String.join(", ", values) + ")");
        }
        return out;
    }

    /** An operation as canonical text, without its line: what a checksum covers. */
    static String canonical(Operation op) {
        return op.toString().replaceFirst("^(\\w+)\\[line=\\d+, ", "$1[");
    }
}
