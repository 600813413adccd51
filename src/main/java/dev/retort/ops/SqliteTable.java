package dev.retort.ops;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A live SQLite table's definition, read back from the database for a rebuild: the columns from
 * {@code PRAGMA table_xinfo} (declared type, NOT NULL, default text as written), the primary key
 * and the table constraints from its {@code CREATE TABLE} text (kept verbatim, so names, deferrable
 * clauses and CHECK expressions survive), inline REFERENCES too (as table-level FOREIGN KEYs).
 * What a rebuild cannot reproduce (generated columns, an inline CHECK or COLLATE with a name it
 * can't place) is refused before anything changes.
 */
final class SqliteTable {
    enum Kind { UNIQUE, CHECK, FOREIGNKEY }

    /** A column: {@code type} as declared ("" for none), {@code dflt} the DEFAULT text or null. */
    record Col(String name, String type, boolean notNull, String dflt, String collate) {
    }

    /** A table constraint; {@code body} is its text after {@code CONSTRAINT name}. */
    record Constraint(Kind kind, String name, List<String> columns, String body) {
    }

    final String name;
    final List<Col> cols = new ArrayList<>();
    List<String> pk = new ArrayList<>();
    String pkName;
    boolean autoincrement;
    final List<Constraint> constraints = new ArrayList<>();
    final String options;
    final boolean withoutRowid;

    private SqliteTable(String name, String options) {
        this.name = name;
        this.options = options;
        this.withoutRowid = options.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("WITHOUT ROWID");
    }

    /** Reads the table {@code table}; an error naming it when there is none. */
    static SqliteTable read(Connection c, String table) throws SQLException {
        String sql;
        String actual;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RetortException("there is no table '" + table + "'");
                }
                actual = rs.getString(1);
                sql = rs.getString(2);
            }
        }
        List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
        int open = SqlTokens.indexOf(tokens, "(", 0);
        int close = SqlTokens.matching(tokens, open);
        String options = close + 1 < tokens.size() ? sql.substring(tokens.get(close + 1).start()).strip() : "";
        SqliteTable t = new SqliteTable(actual, options);
        Map<String, Col> byName = new LinkedHashMap<>();
        try (java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_xinfo(" + Ddl.literal(actual) + ")")) {
            List<String[]> pks = new ArrayList<>();
            while (rs.next()) {
                if (rs.getInt("hidden") != 0) {
                    throw new RetortException("table '" + actual + "' has a generated or hidden column ("
                            + rs.getString("name") + "); retort can't rebuild it. Write this change as SQL");
                }
                Col col = new Col(rs.getString("name"), rs.getString("type"), rs.getInt("notnull") != 0,
                        defaultClause(rs.getString("dflt_value")), null);
                byName.put(col.name().toLowerCase(Locale.ROOT), col);
                if (rs.getInt("pk") > 0) {
                    pks.add(new String[] {String.format("%05d", rs.getInt("pk")), col.name()});
                }
            }
            pks.sort((a, b) -> a[0].compareTo(b[0]));
            for (String[] p : pks) {
                t.pk.add(p[1]);
            }
        }
        // the items between the outer parentheses
        List<Constraint> tableLevel = new ArrayList<>();
        int itemStart = open + 1;
        for (int i = open + 1; i <= close; i++) {
            SqlTokens.Token tok = tokens.get(i);
            if (tok.text().equals("(")) {
                i = SqlTokens.matching(tokens, i);
                continue;
            }
            if (tok.text().equals(",") || i == close) {
                t.item(sql, tokens.subList(itemStart, i), byName, tableLevel);
                itemStart = i + 1;
            }
        }
        t.cols.addAll(byName.values());
        // inline REFERENCES: the foreign keys of PRAGMA foreign_key_list that no table-level one covers
        for (ForeignKey fk : foreignKeys(c, actual)) {
            boolean covered = java.util.stream.Stream.concat(tableLevel.stream(), t.constraints.stream())
                    .anyMatch(k -> k.kind() == Kind.FOREIGNKEY && lower(k.columns()).equals(lower(fk.columns())));
            if (!covered) {
                t.constraints.add(new Constraint(Kind.FOREIGNKEY, null, fk.columns(), Ddl.foreignKey(fk, Dialect.SQLITE)));
            }
        }
        t.constraints.addAll(0, tableLevel);
        return t;
    }

    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile(
            "[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|'([^']|'')*'|[xX]'[0-9a-fA-F]*'|NULL|TRUE|FALSE"
                    + "|CURRENT_TIME|CURRENT_DATE|CURRENT_TIMESTAMP", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * A DEFAULT as it can be written again: PRAGMA table_xinfo gives an expression default without
     * the parentheses SQLite requires around it ({@code DEFAULT (1 + 1)} reads back as {@code 1 + 1}).
     */
    static String defaultClause(String dflt) {
        return dflt == null || LITERAL.matcher(dflt.strip()).matches() ? dflt : "(" + dflt + ")";
    }

    private void item(String sql, List<SqlTokens.Token> item, Map<String, Col> byName, List<Constraint> tableLevel) {
        if (item.isEmpty()) {
            return;
        }
        String first = item.get(0).upper();
        int at = 0;
        String constraintName = null;
        if (first.equals("CONSTRAINT")) {
            constraintName = SqlTokens.unquote(item.get(1).text());
            at = 2;
        }
        String kind = item.get(at).upper();
        String body = sql.substring(item.get(at).start(), item.get(item.size() - 1).end());
        switch (kind) {
            case "PRIMARY" -> {
                pkName = constraintName;
                autoincrement |= item.stream().anyMatch(x -> x.upper().equals("AUTOINCREMENT"));
            }
            case "UNIQUE" -> tableLevel.add(new Constraint(Kind.UNIQUE, constraintName, parenNames(item, at), body));
            case "CHECK" -> tableLevel.add(new Constraint(Kind.CHECK, constraintName, List.of(), body));
            case "FOREIGN" -> tableLevel.add(new Constraint(Kind.FOREIGNKEY, constraintName, parenNames(item, at), body));
            default -> column(sql, item, byName);
        }
    }

    /** An inline column definition: only what PRAGMA table_xinfo does not carry is read from it. */
    private void column(String sql, List<SqlTokens.Token> item, Map<String, Col> byName) {
        String colName = SqlTokens.unquote(item.get(0).text());
        Col col = byName.get(colName.toLowerCase(Locale.ROOT));
        String pendingName = null;
        for (int i = 1; i < item.size(); i++) {
            String w = item.get(i).upper();
            switch (w) {
                case "CONSTRAINT" -> pendingName = SqlTokens.unquote(item.get(++i).text());
                case "PRIMARY" -> {
                    pkName = pendingName;
                    pendingName = null;
                }
                case "AUTOINCREMENT" -> autoincrement = true;
                case "UNIQUE" -> {
                    constraints.add(new Constraint(Kind.UNIQUE, pendingName, List.of(col.name()),
                            "UNIQUE (" + Ddl.quote(col.name(), Dialect.SQLITE) + ")"));
                    pendingName = null;
                }
                case "CHECK" -> {
                    int end = SqlTokens.matching(item, i + 1);
                    constraints.add(new Constraint(Kind.CHECK, pendingName, List.of(),
                            "CHECK " + sql.substring(item.get(i + 1).start(), item.get(end).end())));
                    pendingName = null;
                    i = end;
                }
                case "REFERENCES" -> {
                    int end = referencesEnd(item, i);
                    boolean deferrable = item.subList(i, end).stream().anyMatch(x -> x.upper().equals("DEFERRABLE"));
                    if (pendingName != null || deferrable) {    // else PRAGMA foreign_key_list has all of it
                        constraints.add(new Constraint(Kind.FOREIGNKEY, pendingName, List.of(col.name()), "FOREIGN KEY("
                                + Ddl.quote(col.name(), Dialect.SQLITE) + ") " + sql.substring(item.get(i).start(),
                                item.get(end - 1).end())));
                    }
                    pendingName = null;
                    i = end - 1;
                }
                case "COLLATE" -> col = new Col(col.name(), col.type(), col.notNull(), col.dflt(),
                        item.get(++i).text());
                case "GENERATED", "AS" -> throw new RetortException("table '" + name + "' has a generated column ("
                        + colName + "); retort can't rebuild it. Write this change as SQL");
                case "(" -> i = SqlTokens.matching(item, i);
                default -> {
                    // the type, NOT NULL, DEFAULT, REFERENCES ...: from the pragmas
                }
            }
        }
        byName.put(col.name().toLowerCase(Locale.ROOT), col);
    }

    /** Words that start the next column constraint: where an inline REFERENCES clause ends. */
    private static final java.util.Set<String> NEXT_CONSTRAINT = java.util.Set.of("CONSTRAINT", "PRIMARY", "NULL",
            "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "GENERATED", "AS", "REFERENCES");

    /**
     * The index after an inline {@code REFERENCES t (c) ON DELETE ... [NOT] DEFERRABLE INITIALLY ...}
     * that starts at {@code from}: kept verbatim when it has a name or a deferrable clause, which the
     * foreign key pragma does not give.
     */
    private static int referencesEnd(List<SqlTokens.Token> item, int from) {
        int i = from + 1;
        while (i < item.size()) {
            String w = item.get(i).upper();
            if (NEXT_CONSTRAINT.contains(w) || w.equals("NOT") && i + 1 < item.size()
                    && !item.get(i + 1).upper().equals("DEFERRABLE")) {
                break;
            }
            i = w.equals("(") ? SqlTokens.matching(item, i) + 1 : i + 1;
        }
        return i;
    }

    private static List<String> parenNames(List<SqlTokens.Token> item, int from) {
        int open = SqlTokens.indexOf(item, "(", from);
        int close = SqlTokens.matching(item, open);
        List<String> names = new ArrayList<>();
        boolean expectName = true;
        for (int i = open + 1; i < close; i++) {
            String t = item.get(i).text();
            if (t.equals(",")) {
                expectName = true;
            } else if (expectName) {
                names.add(SqlTokens.unquote(t));
                expectName = false;
            }
        }
        return names;
    }

    /** The table's foreign keys as PRAGMA foreign_key_list gives them (without names). */
    static List<ForeignKey> foreignKeys(Connection c, String table) throws SQLException {
        Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
        try (java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA foreign_key_list(" + Ddl.literal(table) + ")")) {
            while (rs.next()) {
                byId.computeIfAbsent(rs.getInt("id"), k -> new ArrayList<>()).add(new String[] {rs.getString("table"),
                        rs.getString("from"), rs.getString("to"), rs.getString("on_delete"), rs.getString("on_update")});
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        for (List<String[]> rows : byId.values()) {
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (String[] r : rows) {
                from.add(r[1]);
                if (r[2] != null) {     // null: REFERENCES names no column (the parent's primary key)
                    to.add(r[2]);
                }
            }
            String[] r = rows.get(0);
            out.add(new ForeignKey(null, from, r[0], to, action(r[3]), action(r[4])));
        }
        return out;
    }

    private static String action(String a) {
        return a == null || a.equalsIgnoreCase("NO ACTION") ? null : a;
    }

    static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    int columnIndex(String column) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** True when the table's rowid is its INTEGER PRIMARY KEY column. */
    boolean rowidAlias() {
        if (withoutRowid || pk.size() != 1) {
            return false;
        }
        int i = columnIndex(pk.get(0));
        return i >= 0 && cols.get(i).type().equalsIgnoreCase("INTEGER");
    }

    /** The CREATE TABLE statement of this definition under {@code tableName}, in SQLAlchemy's layout. */
    String createSql(String tableName) {
        Dialect d = Dialect.SQLITE;
        List<String> items = new ArrayList<>();
        boolean inlinePk = autoincrement && pk.size() == 1;
        for (Col c : cols) {
            StringBuilder s = new StringBuilder(Ddl.quote(c.name(), d));
            if (!c.type().isEmpty()) {
                s.append(' ').append(c.type());
            }
            if (c.collate() != null) {
                s.append(" COLLATE ").append(c.collate());
            }
            if (c.dflt() != null) {
                s.append(" DEFAULT ").append(c.dflt());
            }
            if (c.notNull()) {
                s.append(" NOT NULL");
            }
            if (inlinePk && c.name().equalsIgnoreCase(pk.get(0))) {
                s.append(" PRIMARY KEY AUTOINCREMENT");
            }
            items.add(s.toString());
        }
        if (!pk.isEmpty() && !inlinePk) {
            items.add(Ddl.named(pkName, d) + "PRIMARY KEY (" + Ddl.quoteAll(pk, d) + ")");
        }
        for (Constraint k : constraints) {
            items.add(Ddl.named(k.name(), d) + k.body());
        }
        return "CREATE TABLE " + Ddl.quote(tableName, d) + " (\n\t" + String.join(", \n\t", items) + "\n)"
                + (options.isEmpty() ? "" : " " + options);
    }
}
