package dev.retort.ops;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.List;

/** The pieces of SQLAlchemy 1.4's DDL compiler that portable operations need: quoting, literals, columns. */
final class Ddl {
    private Ddl() {
    }

    /** An identifier as SQLAlchemy writes it ({@link Identifiers#quote}). */
    static String quote(String name, Dialect dialect) {
        return Identifiers.quote(name, dialect);
    }

    static String quoteAll(List<String> names, Dialect d) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(quote(n, d));
        }
        return String.join(", ", out);
    }

    /** A SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * True when a single-column integer primary key becomes SERIAL on PostgreSQL (SQLAlchemy's
     * {@code autoincrement="auto"} rules: no server default, no foreign key).
     */
    static boolean serial(Column c, int primaryKeyColumns) {
        return c.primaryKey() && primaryKeyColumns == 1 && c.type().integral()
                && !Boolean.FALSE.equals(c.autoincrement()) && c.serverDefault() == null && c.references() == null;
    }

    /** {@code name TYPE [DEFAULT x] [NOT NULL]}, as SQLAlchemy's get_column_specification. */
    static String columnSpec(Column c, Dialect d, boolean serial) {
        StringBuilder s = new StringBuilder(quote(c.name(), d)).append(' ');
        if (serial && d == Dialect.POSTGRESQL) {
            s.append(switch (c.type().kind()) {
                case BIGINT -> "BIGSERIAL";
                case SMALLINT -> "SMALLSERIAL";
                default -> "SERIAL";
            });
        } else {
            s.append(c.type().render(d));
        }
        if (c.serverDefault() != null) {
            s.append(" DEFAULT ").append(c.serverDefault().render(d));
        }
        if (!c.nullable() || c.primaryKey()) {
            s.append(" NOT NULL");
        }
        return s.toString();
    }

    /** {@code [CONSTRAINT n] FOREIGN KEY(a) REFERENCES t [(b)] [ON DELETE x] [ON UPDATE y]}; no (b): t's primary key. */
    static String foreignKey(ForeignKey fk, Dialect d) {
        return named(fk.name(), d) + "FOREIGN KEY(" + quoteAll(fk.columns(), d) + ") REFERENCES "
                + quote(fk.refTable(), d) + (fk.refColumns().isEmpty() ? "" : " (" + quoteAll(fk.refColumns(), d) + ")")
                + (fk.onDelete() == null ? "" : " ON DELETE " + fk.onDelete())
                + (fk.onUpdate() == null ? "" : " ON UPDATE " + fk.onUpdate());
    }

    static String named(String name, Dialect d) {
        return name == null ? "" : "CONSTRAINT " + quote(name, d) + " ";
    }

    /** The CREATE TABLE statement and, on PostgreSQL, its COMMENT ON COLUMN statements. */
    static List<String> createTable(Operation.CreateTable t, Dialect d) {
        List<String> pk = primaryKey(t);
        List<String> items = new ArrayList<>();
        for (Column c : t.columns()) {
            items.add(columnSpec(c, d, pk.size() == 1 && pk.get(0).equals(c.name()) && serial(c, 1)));
        }
        if (!pk.isEmpty()) {
            items.add("PRIMARY KEY (" + quoteAll(pk, d) + ")");
        }
        for (ForeignKey fk : t.foreignKeys()) {
            items.add(foreignKey(fk, d));
        }
        for (Operation.Unique u : t.unique()) {
            items.add(named(u.name(), d) + "UNIQUE (" + quoteAll(u.columns(), d) + ")");
        }
        for (Operation.Check ck : t.checks()) {
            items.add(named(ck.name(), d) + "CHECK (" + ck.condition() + ")");
        }
        for (Column c : t.columns()) {
            if (c.references() != null) {
                items.add(foreignKey(c.references(), d));
            }
        }
        for (Column c : t.columns()) {
            if (c.unique()) {
                items.add("UNIQUE (" + quote(c.name(), d) + ")");
            }
        }
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + (t.ifNotExists() ? "IF NOT EXISTS " : "") + quote(t.table(), d) + " (\n\t"
                + String.join(", \n\t", items) + "\n)");   // SQLAlchemy's layout, as sqlite_master keeps it
        if (d == Dialect.POSTGRESQL) {
            for (Column c : t.columns()) {
                if (c.comment() != null) {
                    out.add(comment(t.table(), c, d));
                }
            }
        }
        return out;
    }

    static String comment(String table, Column c, Dialect d) {
        return "COMMENT ON COLUMN " + quote(table, d) + "." + quote(c.name(), d) + " IS " + literal(c.comment());
    }

    /** The primary key columns: the table's {@code primary_key} list, else the columns marked primary_key. */
    static List<String> primaryKey(Operation.CreateTable t) {
        if (!t.primaryKey().isEmpty()) {
            return t.primaryKey();
        }
        List<String> pk = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.primaryKey()) {
                pk.add(c.name());
            }
        }
        return pk;
    }
}
