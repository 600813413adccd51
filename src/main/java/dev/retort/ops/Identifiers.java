package dev.retort.ops;

import dev.retort.api.Dialect;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Identifiers as SQLAlchemy 1.4 quotes them, for every name retort composes (operations, version table). */
public final class Identifiers {
    private Identifiers() {
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
    public static String quote(String name, Dialect dialect) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean reserved = dialect == null ? SQLITE_RESERVED.contains(lower) || PG_RESERVED.contains(lower)
                : (dialect == Dialect.POSTGRESQL ? PG_RESERVED : SQLITE_RESERVED).contains(lower);
        boolean needs = reserved || name.isEmpty() || Character.isDigit(name.charAt(0)) || name.charAt(0) == '$'
                || !LEGAL.matcher(name).matches() || !lower.equals(name);
        return needs ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}
