package dev.retort.ops;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The pieces of SQLAlchemy 1.4's DDL compiler that portable operations need: quoting, literals, columns. */
final class Ddl {
    private Ddl() {
    }

    /** SQLAlchemy 1.4's SQLiteIdentifierPreparer.reserved_words. */
    private static final Set<String> SQLITE_RESERVED = Set.of(("add after all alter analyze and as asc attach"
            + " autoincrement before begin between by cascade case cast check collate column commit conflict"
            + " constraint create cross current_date current_time current_timestamp database default deferrable"
            + " deferred delete desc detach distinct drop each else end escape except exclusive exists explain fail"
            + " false for foreign from full glob group having if ignore immediate in index indexed initially inner"
            + " insert instead intersect into is isnull join key left like limit match natural not notnull null of"
            + " offset on or order outer plan pragma primary query raise references reindex rename replace restrict"
            + " right rollback row select set table temp temporary then to transaction trigger true union unique"
            + " update using vacuum values view virtual when where").split(" "));

    /** SQLAlchemy 1.4's PGIdentifierPreparer.reserved_words. */
    private static final Set<String> PG_RESERVED = Set.of(("all analyse analyze and any array as asc asymmetric"
            + " authorization between binary both case cast check collate column constraint create cross"
            + " current_catalog current_date current_role current_schema current_time current_timestamp"
            + " current_user default deferrable desc distinct do else end except false fetch for foreign freeze"
            + " from full grant group having ilike in initially inner intersect into is isnull join leading left"
            + " like limit localtime localtimestamp natural new not notnull null of off offset old on only or"
            + " order outer over overlaps placing primary references returning right select session_user similar"
            + " some symmetric table then to trailing true union unique user using variadic verbose when where"
            + " window with").split(" "));

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_$]+");

    /**
     * An identifier as SQLAlchemy writes it: quoted when it is a reserved word of the dialect,
     * starts with a digit or $, has other characters than letters, digits, _ and $, or upper case.
     * {@code dialect} null: quoted when either dialect needs it (index columns rendered once).
     */
    static String quote(String name, Dialect dialect) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean reserved = dialect == null ? SQLITE_RESERVED.contains(lower) || PG_RESERVED.contains(lower)
                : (dialect == Dialect.POSTGRESQL ? PG_RESERVED : SQLITE_RESERVED).contains(lower);
        boolean needs = reserved || name.isEmpty() || Character.isDigit(name.charAt(0)) || name.charAt(0) == '$'
                || !LEGAL.matcher(name).matches() || !lower.equals(name);
        return needs ? '"' + name.replace("\"", "\"\"") + '"' : name;
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
        out.add("CREATE TABLE " + (t.ifNotExists() ? "IF NOT EXISTS " : "") + quote(t.table(), d) + " (\n    "
                + String.join(", \n    ", items) + "\n)");
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
