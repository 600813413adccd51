package dev.retort.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.compat.PortableDiff.Rev;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Random chains of portable revisions with their Alembic equivalents, for
 * {@link PortableRandomDifferentialTest}. It keeps a model of the schema and of every row, so each
 * operation it writes is valid where it runs (a NOT NULL only over non-NULL values, a unique key
 * only over distinct values, a foreign key only over values the referred table holds, a dropped
 * column restored with its values by the downgrade) and each downgrade restores what the upgrade
 * changed. Every table has {@code id integer primary key}; every value is drawn from one counter,
 * so values are distinct unless a default, a boolean or a foreign key repeats them.
 */
final class PortableOpsGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ON_DELETE = List.of("cascade", "set null", "restrict", "no action");

    /** The column types the generator uses; {@code alterTo} are the changes whose values convert as they are. */
    enum Type {
        INTEGER("integer", "sa.Integer()"), BIGINT("bigint", "sa.BigInteger()"), SMALLINT("smallint", "sa.SmallInteger()"),
        STRING20("string(20)", "sa.String(20)"), STRING40("string(40)", "sa.String(40)"), TEXT("text", "sa.Text()"),
        BOOLEAN("boolean", "sa.Boolean()"), NUMERIC("\"numeric(10,2)\"", "sa.Numeric(10, 2)"), DATE("date", "sa.Date()");

        final String yaml;
        final String py;

        Type(String yaml, String py) {
            this.yaml = yaml;
            this.py = py;
        }

        boolean integral() {
            return this == INTEGER || this == BIGINT || this == SMALLINT;
        }

        List<Type> alterTo() {
            return switch (this) {
                case INTEGER -> List.of(BIGINT, SMALLINT);
                case BIGINT, SMALLINT -> List.of(INTEGER);
                case STRING20 -> List.of(STRING40, TEXT);
                case STRING40 -> List.of(STRING20, TEXT);
                case TEXT -> List.of(STRING40);
                default -> List.of();
            };
        }

        /** The SQL literal of value {@code n}; booleans differ by dialect. */
        String literal(long n, boolean pg) {
            return switch (this) {
                case INTEGER, BIGINT, SMALLINT -> Long.toString(n);
                case STRING20, STRING40, TEXT -> "'v" + n + "'";
                case BOOLEAN -> pg ? (n % 2 == 1 ? "true" : "false") : (n % 2 == 1 ? "1" : "0");
                case NUMERIC -> n + ".25";
                case DATE -> "'2025-01-" + String.format("%02d", 1 + n % 28) + "'";
            };
        }

        String yamlDefault(long n) {
            return switch (this) {
                case INTEGER, BIGINT, SMALLINT -> Long.toString(n);
                case BOOLEAN -> Boolean.toString(n % 2 == 1);
                default -> "\"" + literal(n, false).replace("'", "") + "\"";
            };
        }

        String pyDefault(long n) {
            return switch (this) {
                case INTEGER, BIGINT, SMALLINT -> "sa.text('" + n + "')";
                case BOOLEAN -> n % 2 == 1 ? "sa.true()" : "sa.false()";
                default -> "'" + literal(n, false).replace("'", "") + "'";
            };
        }
    }

    static final class Col {
        String name;
        Type type;
        boolean nullable;
        Long dflt; // the server default's value; null: none

        Col(String name, Type type, boolean nullable, Long dflt) {
            this.name = name;
            this.type = type;
            this.nullable = nullable;
            this.dflt = dflt;
        }

        Col copy() {
            return new Col(name, type, nullable, dflt);
        }
    }

    record Index(String name, List<String> cols, boolean unique, boolean partial) {
    }

    /** A foreign key on {@code col} to {@code refTable.id}; {@code inline}: written as the column's {@code references}. */
    record Fk(String name, String col, String refTable, String onDelete, boolean inline) {
    }

    static final class Table {
        String name;
        final Map<String, Col> cols = new LinkedHashMap<>();
        final List<Map<String, Long>> rows = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final Map<String, List<String>> uniques = new LinkedHashMap<>();
        final Map<String, String> checks = new LinkedHashMap<>(); // name -> column (condition: col >= 0)
        final List<Fk> fks = new ArrayList<>();

        Table(String name) {
            this.name = name;
        }

        boolean uses(String col) {
            return indexes.stream().anyMatch(i -> i.cols().contains(col))
                    || uniques.values().stream().anyMatch(u -> u.contains(col)) || checks.containsValue(col)
                    || fks.stream().anyMatch(f -> f.col().equals(col));
        }

        List<List<String>> uniqueKeys() {
            List<List<String>> keys = new ArrayList<>(uniques.values());
            indexes.stream().filter(Index::unique).forEach(i -> keys.add(i.cols()));
            return keys;
        }
    }

    /** One operation in both forms, with the operations that undo it; {@code derivable}: retort derives the undo. */
    private record Piece(List<String> yamlUp, List<String> pyUp, List<String> yamlDown, List<String> pyDown,
                         boolean derivable) {
    }

    private final Random rnd;
    private final List<Table> tables = new ArrayList<>();
    private long counter = 1;
    private final Map<String, Integer> kinds = new java.util.TreeMap<>();

    PortableOpsGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    /** How many upgrade operations of each kind were generated so far (downgrades not counted). */
    Map<String, Integer> operations() {
        return kinds;
    }

    /** A chain of {@code revisions} revisions of {@code minOps}..{@code maxOps} operations each. */
    List<Rev> chain(int revisions, int minOps, int maxOps) {
        List<Rev> out = new ArrayList<>();
        for (int r = 0; r < revisions; r++) {
            out.add(revision(String.format("e%011x", r + 1), minOps + rnd.nextInt(maxOps - minOps + 1)));
        }
        return out;
    }

    private Rev revision(String id, int n) {
        List<Piece> pieces = new ArrayList<>();
        while (pieces.size() < n) {
            Piece p = next();
            if (p != null) {
                pieces.add(p);
                kinds.merge(p.yamlUp().get(0).substring(0, p.yamlUp().get(0).indexOf(':')), 1, Integer::sum);
            }
        }
        StringBuilder yaml = new StringBuilder("upgrade:\n");
        StringBuilder pyUp = new StringBuilder();
        pieces.forEach(p -> {
            p.yamlUp().forEach(l -> yaml.append("  - ").append(l).append('\n'));
            p.pyUp().forEach(l -> pyUp.append(l).append('\n'));
        });
        List<Piece> reversed = new ArrayList<>(pieces);
        Collections.reverse(reversed);
        boolean derive = pieces.stream().allMatch(Piece::derivable) && rnd.nextBoolean();
        if (!derive) {
            List<String> downs = reversed.stream().flatMap(p -> p.yamlDown().stream()).toList();
            yaml.append(downs.isEmpty() ? "downgrade: []\n" : "downgrade:\n");
            downs.forEach(l -> yaml.append("  - ").append(l).append('\n'));
        }
        StringBuilder pyDown = new StringBuilder();
        reversed.forEach(p -> p.pyDown().forEach(l -> pyDown.append(l).append('\n')));
        return new Rev(id, yaml.toString(), indent(pyUp.toString()), indent(pyDown.toString()));
    }

    private static String indent(String body) {
        if (body.isBlank()) {
            return "";
        }
        return "    sqlite = op.get_context().dialect.name == 'sqlite'\n"
                + body.lines().map(l -> "    " + l).collect(Collectors.joining("\n")) + "\n";
    }

    /** One valid operation, or null when the one drawn does not apply to the current schema. */
    private Piece next() {
        if (tables.size() < 2) {
            return createTable();
        }
        List<Supplier<Piece>> kinds = List.of(this::createTable, this::insert, this::insert, this::insert,
                this::addColumn, this::addColumn, this::dropColumn, this::alterType, this::alterNullable,
                this::alterDefault, this::renameColumn, this::createIndex, this::createIndex, this::dropIndex,
                this::createUnique, this::createCheck, this::createFk, this::createFk, this::dropConstraint,
                this::renameTable, this::dropTable);
        return kinds.get(rnd.nextInt(kinds.size())).get();
    }

    // ---- operations ----

    private Piece createTable() {
        if (tables.size() >= 6) {
            return null;
        }
        Table t = new Table(name("t"));
        t.cols.put("id", new Col("id", Type.INTEGER, false, null));
        for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
            Col c = randomColumn();
            t.cols.put(c.name, c);
        }
        if (!tables.isEmpty() && rnd.nextInt(3) > 0) {
            Col c = new Col(name("c"), Type.INTEGER, true, null);
            t.cols.put(c.name, c);
            t.fks.add(new Fk(name("fk"), c.name, pick(tables).name, pick(ON_DELETE), rnd.nextBoolean()));
        }
        List<Col> plain = t.cols.values().stream().filter(c -> !c.name.equals("id") && t.fks.stream()
                .noneMatch(f -> f.col().equals(c.name))).toList();
        if (!plain.isEmpty() && rnd.nextInt(3) == 0) {
            t.uniques.put(name("uq"), List.of(pick(plain).name));
        }
        plain.stream().filter(c -> c.type.integral()).findFirst().filter(c -> rnd.nextBoolean())
                .ifPresent(c -> t.checks.put(name("ck"), c.name));
        tables.add(t);
        boolean guard = rnd.nextInt(5) == 0;
        return new Piece(List.of(createTableYaml(t, guard)), List.of(createTablePy(t)),
                List.of("drop_table: {name: " + t.name + "}"), List.of("op.drop_table('" + t.name + "')"), !guard);
    }

    private Col randomColumn() {
        Type type = pick(List.of(Type.values()));
        boolean nullable = rnd.nextInt(3) > 0;
        Long dflt = rnd.nextInt(3) == 0 || !nullable ? counter++ : null;
        return new Col(name("c"), type, nullable, dflt);
    }

    /** Rows through {@code execute} (INSERT statements) or {@code bulk_insert} when every column has a plain YAML value. */
    private Piece insert() {
        Table t = pick(tables);
        List<Map<String, Long>> added = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            Map<String, Long> row = newRow(t, added);
            if (row != null) {
                added.add(row);
            }
        }
        if (added.isEmpty()) {
            return null;
        }
        t.rows.addAll(added);
        String ids = added.stream().map(r -> Long.toString(r.get("id"))).collect(Collectors.joining(", "));
        List<String> yamlDown = List.of("execute: {sql: \"DELETE FROM " + t.name + " WHERE id IN (" + ids + ")\"}");
        List<String> pyDown = List.of("op.execute(\"DELETE FROM " + t.name + " WHERE id IN (" + ids + ")\")");
        boolean plainValues = t.cols.values().stream().allMatch(c -> c.type.integral() || c.type == Type.STRING20
                || c.type == Type.STRING40 || c.type == Type.TEXT);
        if (plainValues && rnd.nextBoolean()) {
            return new Piece(List.of(bulkInsertYaml(t, added)), List.of(bulkInsertPy(t, added)), yamlDown, pyDown, false);
        }
        List<String> sqlite = added.stream().map(r -> insertSql(t, r, false)).toList();
        List<String> pg = added.stream().map(r -> insertSql(t, r, true)).toList();
        return new Piece(List.of(executeYaml(sqlite, pg)), executePy(sqlite, pg), yamlDown, pyDown, false);
    }

    /** A row valid under the table's constraints, or null when none was found in a few tries. */
    private Map<String, Long> newRow(Table t, List<Map<String, Long>> pending) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (Col c : t.cols.values()) {
                Fk fk = t.fks.stream().filter(f -> f.col().equals(c.name)).findFirst().orElse(null);
                Long v;
                if (c.name.equals("id")) {
                    v = counter++;
                } else if (fk != null) {
                    List<Map<String, Long>> refRows = table(fk.refTable()).rows;
                    v = refRows.isEmpty() || rnd.nextInt(4) == 0 ? null : pick(refRows).get("id");
                } else {
                    v = c.nullable && rnd.nextInt(5) == 0 ? null : counter++;
                }
                if (v == null && !c.nullable) {
                    v = c.dflt;
                }
                row.put(c.name, v);
            }
            List<Map<String, Long>> all = new ArrayList<>(t.rows);
            all.addAll(pending);
            all.add(row);
            if (t.cols.values().stream().allMatch(c -> c.nullable || row.get(c.name) != null)
                    && t.uniqueKeys().stream().allMatch(k -> distinct(t, all, k))) {
                return row;
            }
        }
        return null;
    }

    private Piece addColumn() {
        Table t = pick(tables);
        // a quarter are all-NULL integers, which a later create_foreign_key can use
        Col c = rnd.nextInt(4) == 0 ? new Col(name("c"), Type.INTEGER, true, null) : randomColumn();
        t.cols.put(c.name, c);
        t.rows.forEach(r -> r.put(c.name, c.dflt));
        boolean guard = rnd.nextInt(6) == 0;
        return new Piece(List.of("add_column: {table: " + t.name + ", column: " + columnYaml(c)
                        + (guard ? ", if_not_exists: true" : "") + "}"),
                List.of("op.add_column('" + t.name + "', " + columnPy(c) + ")"),
                List.of("drop_column: {table: " + t.name + ", name: " + c.name + "}"),
                batch(t.name, "b.drop_column('" + c.name + "')"), !guard);
    }

    /** A column nothing uses, nullable or with a default (so the downgrade can add it back and restore its values). */
    private Piece dropColumn() {
        Table t = pick(tables);
        List<Col> candidates = t.cols.values().stream()
                .filter(c -> !c.name.equals("id") && !t.uses(c.name) && (c.nullable || c.dflt != null)).toList();
        if (candidates.isEmpty() || t.cols.size() < 3) {
            return null;
        }
        Col c = pick(candidates);
        t.cols.remove(c.name);
        List<String> restore = new ArrayList<>();
        List<String> restorePg = new ArrayList<>();
        for (Map<String, Long> r : t.rows) {
            Long v = r.remove(c.name);
            if (!java.util.Objects.equals(v, c.dflt)) { // adding the column back gives each row the default
                restore.add("UPDATE " + t.name + " SET " + c.name + " = " + (v == null ? "NULL" : c.type.literal(v, false))
                        + " WHERE id = " + r.get("id"));
                restorePg.add("UPDATE " + t.name + " SET " + c.name + " = " + (v == null ? "NULL" : c.type.literal(v, true))
                        + " WHERE id = " + r.get("id"));
            }
        }
        boolean guard = rnd.nextInt(6) == 0;
        List<String> yamlDown = new ArrayList<>(List.of("add_column: {table: " + t.name + ", column: " + columnYaml(c) + "}"));
        List<String> pyDown = new ArrayList<>(List.of("op.add_column('" + t.name + "', " + columnPy(c) + ")"));
        if (!restore.isEmpty()) {
            yamlDown.add(executeYaml(restore, restorePg));
            pyDown.addAll(executePy(restore, restorePg));
        }
        return new Piece(List.of("drop_column: {table: " + t.name + ", name: " + c.name + (guard ? ", if_exists: true" : "") + "}"),
                batch(t.name, "b.drop_column('" + c.name + "')"), yamlDown, pyDown, false);
    }

    private Piece alterType() {
        Table t = pick(tables);
        List<Col> candidates = t.cols.values().stream().filter(c -> !c.name.equals("id") && !c.type.alterTo().isEmpty()
                && t.fks.stream().noneMatch(f -> f.col().equals(c.name))).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Col c = pick(candidates);
        Col before = c.copy();
        c.type = pick(c.type.alterTo());
        if (rnd.nextInt(3) == 0) {
            c.dflt = counter++;
        }
        return alter(t, before, c);
    }

    private Piece alterNullable() {
        Table t = pick(tables);
        List<Col> candidates = t.cols.values().stream().filter(c -> !c.name.equals("id")
                && (c.nullable ? t.rows.stream().allMatch(r -> r.get(c.name) != null) : true)).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Col c = pick(candidates);
        Col before = c.copy();
        c.nullable = !c.nullable;
        return alter(t, before, c);
    }

    private Piece alterDefault() {
        Table t = pick(tables);
        List<Col> candidates = t.cols.values().stream().filter(c -> !c.name.equals("id")).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Col c = pick(candidates);
        Col before = c.copy();
        c.dflt = c.dflt != null && rnd.nextBoolean() ? null : counter++;
        return alter(t, before, c);
    }

    /** alter_column from {@code before} to {@code after} (same name), with every existing_ value. */
    private Piece alter(Table t, Col before, Col after) {
        return new Piece(List.of(alterYaml(t, before, after)), alterPy(t, before, after), List.of(alterYaml(t, after, before)),
                alterPy(t, after, before), true);
    }

    private String alterYaml(Table t, Col from, Col to) {
        StringBuilder s = new StringBuilder("alter_column: {table: " + t.name + ", name: " + from.name);
        if (from.type != to.type) {
            s.append(", type: ").append(to.type.yaml);
        }
        if (from.nullable != to.nullable) {
            s.append(", nullable: ").append(to.nullable);
        }
        if (!java.util.Objects.equals(from.dflt, to.dflt)) {
            s.append(", server_default: ").append(to.dflt == null ? "null" : to.type.yamlDefault(to.dflt));
        }
        s.append(", existing_type: ").append(from.type.yaml).append(", existing_nullable: ").append(from.nullable);
        s.append(", existing_server_default: ").append(from.dflt == null ? "null" : from.type.yamlDefault(from.dflt));
        return s.append('}').toString();
    }

    private List<String> alterPy(Table t, Col from, Col to) {
        StringBuilder s = new StringBuilder("b.alter_column('" + from.name + "'");
        if (from.type != to.type) {
            s.append(", type_=").append(to.type.py);
        }
        if (from.nullable != to.nullable) {
            s.append(", nullable=").append(to.nullable ? "True" : "False");
        }
        if (!java.util.Objects.equals(from.dflt, to.dflt)) {
            s.append(", server_default=").append(to.dflt == null ? "None" : to.type.pyDefault(to.dflt));
        }
        s.append(", existing_type=").append(from.type.py).append(", existing_nullable=").append(from.nullable ? "True" : "False");
        if (from.dflt != null) {
            s.append(", existing_server_default=").append(from.type.pyDefault(from.dflt));
        }
        return batch(t.name, s.append(')').toString());
    }

    private Piece renameColumn() {
        Table t = pick(tables);
        List<Col> candidates = t.cols.values().stream().filter(c -> !c.name.equals("id")).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Col c = pick(candidates);
        String old = c.name;
        String neu = name("c");
        renameColumn(t, old, neu);
        return new Piece(List.of("alter_column: {table: " + t.name + ", name: " + old + ", new_name: " + neu + "}"),
                List.of("op.alter_column('" + t.name + "', '" + old + "', new_column_name='" + neu + "')"),
                List.of("alter_column: {table: " + t.name + ", name: " + neu + ", new_name: " + old + "}"),
                List.of("op.alter_column('" + t.name + "', '" + neu + "', new_column_name='" + old + "')"), true);
    }

    private static void renameColumn(Table t, String old, String neu) {
        Map<String, Col> cols = new LinkedHashMap<>();
        t.cols.forEach((k, v) -> {
            if (k.equals(old)) {
                v.name = neu;
            }
            cols.put(v.name, v);
        });
        t.cols.clear();
        t.cols.putAll(cols);
        t.rows.replaceAll(r -> {
            Map<String, Long> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(k.equals(old) ? neu : k, v));
            return m;
        });
        t.indexes.replaceAll(i -> new Index(i.name(), rename(i.cols(), old, neu), i.unique(), i.partial()));
        t.uniques.replaceAll((k, v) -> rename(v, old, neu));
        t.checks.replaceAll((k, v) -> v.equals(old) ? neu : v);
        t.fks.replaceAll(f -> f.col().equals(old) ? new Fk(f.name(), neu, f.refTable(), f.onDelete(), f.inline()) : f);
    }

    private static List<String> rename(List<String> cols, String old, String neu) {
        return cols.stream().map(c -> c.equals(old) ? neu : c).toList();
    }

    private Piece createIndex() {
        Table t = pick(tables);
        List<String> cols = someColumns(t);
        if (cols == null) {
            return null;
        }
        boolean unique = rnd.nextBoolean() && distinct(t, t.rows, cols);
        Index ix = new Index(name("ix"), cols, unique, rnd.nextInt(4) == 0);
        t.indexes.add(ix);
        boolean guard = rnd.nextInt(6) == 0;
        return new Piece(List.of(createIndexYaml(t, ix, guard)), List.of(createIndexPy(t, ix)),
                List.of("drop_index: {name: " + ix.name() + ", table: " + t.name + "}"),
                List.of("op.drop_index('" + ix.name() + "', table_name='" + t.name + "')"), !guard);
    }

    private Piece dropIndex() {
        Table t = pick(tables);
        if (t.indexes.isEmpty()) {
            return null;
        }
        Index ix = pick(t.indexes);
        t.indexes.remove(ix);
        boolean guard = rnd.nextInt(6) == 0;
        return new Piece(List.of("drop_index: {name: " + ix.name() + ", table: " + t.name + (guard ? ", if_exists: true" : "") + "}"),
                List.of("op.drop_index('" + ix.name() + "', table_name='" + t.name + "')"),
                List.of(createIndexYaml(t, ix, false)), List.of(createIndexPy(t, ix)), false);
    }

    private Piece createUnique() {
        Table t = pick(tables);
        List<String> cols = someColumns(t);
        // two UNIQUE constraints on one column set: batch mode keeps one of them (retort keeps both)
        if (cols == null || !distinct(t, t.rows, cols)
                || t.uniques.values().stream().anyMatch(u -> Set.copyOf(u).equals(Set.copyOf(cols)))) {
            return null;
        }
        String name = name("uq");
        t.uniques.put(name, cols);
        return new Piece(List.of(uniqueYaml(t, name, cols)), uniquePy(t, name, cols),
                List.of(dropConstraintYaml(t, name, "unique")), dropConstraintPy(t, name, "unique"), true);
    }

    private Piece createCheck() {
        Table t = pick(tables);
        List<Col> ints = t.cols.values().stream().filter(c -> c.type.integral() && !c.name.equals("id")).toList();
        if (ints.isEmpty()) {
            return null;
        }
        String name = name("ck");
        String col = pick(ints).name;
        t.checks.put(name, col);
        return new Piece(List.of(checkYaml(t, name, col)), checkPy(t, name, col),
                List.of(dropConstraintYaml(t, name, "check")), dropConstraintPy(t, name, "check"), true);
    }

    /** A foreign key on an INTEGER column whose values the referred table all holds (NULLs aside). */
    private Piece createFk() {
        Table t = pick(tables);
        Table ref = pick(tables);
        if (ref == t) {
            return null;
        }
        Set<Long> ids = ref.rows.stream().map(r -> r.get("id")).collect(Collectors.toSet());
        List<Col> candidates = t.cols.values().stream().filter(c -> c.type == Type.INTEGER && !c.name.equals("id")
                && t.fks.stream().noneMatch(f -> f.col().equals(c.name))
                && t.rows.stream().allMatch(r -> r.get(c.name) == null || ids.contains(r.get(c.name)))
                && (c.dflt == null || ids.contains(c.dflt))).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Fk fk = new Fk(name("fk"), pick(candidates).name, ref.name, pick(ON_DELETE), false);
        t.fks.add(fk);
        return new Piece(List.of(fkYaml(t, fk)), fkPy(t, fk), List.of(dropConstraintYaml(t, fk.name(), "foreignkey")),
                dropConstraintPy(t, fk.name(), "foreignkey"), true);
    }

    private Piece dropConstraint() {
        Table t = pick(tables);
        List<String> names = new ArrayList<>(t.uniques.keySet());
        names.addAll(t.checks.keySet());
        t.fks.forEach(f -> names.add(f.name()));
        if (names.isEmpty()) {
            return null;
        }
        String name = pick(names);
        if (t.uniques.containsKey(name)) {
            List<String> cols = t.uniques.remove(name);
            return new Piece(List.of(dropConstraintYaml(t, name, "unique")), dropConstraintPy(t, name, "unique"),
                    List.of(uniqueYaml(t, name, cols)), uniquePy(t, name, cols), false);
        }
        if (t.checks.containsKey(name)) {
            String col = t.checks.remove(name);
            return new Piece(List.of(dropConstraintYaml(t, name, "check")), dropConstraintPy(t, name, "check"),
                    List.of(checkYaml(t, name, col)), checkPy(t, name, col), false);
        }
        Fk fk = t.fks.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        t.fks.remove(fk);
        return new Piece(List.of(dropConstraintYaml(t, name, "foreignkey")), dropConstraintPy(t, name, "foreignkey"),
                List.of(fkYaml(t, fk)), fkPy(t, fk), false);
    }

    private Piece renameTable() {
        Table t = pick(tables);
        String old = t.name;
        String neu = name("t");
        t.name = neu;
        tables.forEach(o -> o.fks.replaceAll(f -> f.refTable().equals(old) ? new Fk(f.name(), f.col(), neu, f.onDelete(), f.inline()) : f));
        return new Piece(List.of("rename_table: {name: " + old + ", new_name: " + neu + "}"),
                List.of("op.rename_table('" + old + "', '" + neu + "')"),
                List.of("rename_table: {name: " + neu + ", new_name: " + old + "}"),
                List.of("op.rename_table('" + neu + "', '" + old + "')"), true);
    }

    /** A table no other table refers to; the downgrade re-creates it with its indexes and rows. */
    private Piece dropTable() {
        Table t = pick(tables);
        if (tables.stream().anyMatch(o -> o != t && o.fks.stream().anyMatch(f -> f.refTable().equals(t.name)))) {
            return null;
        }
        tables.remove(t);
        boolean guard = rnd.nextInt(5) == 0;
        List<String> yamlDown = new ArrayList<>(List.of(createTableYaml(t, false)));
        List<String> pyDown = new ArrayList<>(List.of(createTablePy(t)));
        t.indexes.forEach(ix -> {
            yamlDown.add(createIndexYaml(t, ix, false));
            pyDown.add(createIndexPy(t, ix));
        });
        if (!t.rows.isEmpty()) {
            List<String> sqlite = t.rows.stream().map(r -> insertSql(t, r, false)).toList();
            List<String> pg = t.rows.stream().map(r -> insertSql(t, r, true)).toList();
            yamlDown.add(executeYaml(sqlite, pg));
            pyDown.addAll(executePy(sqlite, pg));
        }
        return new Piece(List.of("drop_table: {name: " + t.name + (guard ? ", if_exists: true" : "") + "}"),
                List.of("op.drop_table('" + t.name + "')"), yamlDown, pyDown, false);
    }

    // ---- rendering ----

    private String createTableYaml(Table t, boolean guard) {
        StringBuilder s = new StringBuilder("create_table: {name: " + t.name + (guard ? ", if_not_exists: true" : "")
                + ", columns: [");
        s.append(t.cols.values().stream().map(c -> c.name.equals("id") ? "{name: id, type: integer, primary_key: true}"
                : inlineFk(t, c).map(f -> columnYaml(c).replaceFirst("}$", ", references: {table: " + f.refTable()
                + ", column: id, name: " + f.name() + ", on_delete: " + f.onDelete() + "}}")).orElse(columnYaml(c)))
                .collect(Collectors.joining(", "))).append(']');
        if (!t.uniques.isEmpty()) {
            s.append(", unique: [").append(t.uniques.entrySet().stream().map(e -> "{name: " + e.getKey() + ", columns: ["
                    + String.join(", ", e.getValue()) + "]}").collect(Collectors.joining(", "))).append(']');
        }
        if (!t.checks.isEmpty()) {
            s.append(", checks: [").append(t.checks.entrySet().stream().map(e -> "{name: " + e.getKey() + ", condition: \""
                    + e.getValue() + " >= 0\"}").collect(Collectors.joining(", "))).append(']');
        }
        if (t.fks.stream().anyMatch(f -> !f.inline())) {
            s.append(", foreign_keys: [").append(t.fks.stream().filter(f -> !f.inline()).map(f -> "{name: " + f.name() + ", columns: [" + f.col()
                    + "], ref_table: " + f.refTable() + ", ref_columns: [id], on_delete: " + f.onDelete() + "}")
                    .collect(Collectors.joining(", "))).append(']');
        }
        return s.append('}').toString();
    }

    private String createTablePy(Table t) {
        List<String> parts = new ArrayList<>();
        parts.add("'" + t.name + "'");
        t.cols.values().forEach(c -> parts.add(c.name.equals("id") ? "sa.Column('id', sa.Integer(), primary_key=True)"
                : columnPy(c, inlineFk(t, c).map(f -> ", sa.ForeignKey('" + f.refTable() + ".id', name='" + f.name()
                + "', ondelete='" + f.onDelete() + "')").orElse(""))));
        t.uniques.forEach((n, cols) -> parts.add("sa.UniqueConstraint(" + pyList(cols, false) + ", name='" + n + "')"));
        t.checks.forEach((n, col) -> parts.add("sa.CheckConstraint('" + col + " >= 0', name='" + n + "')"));
        t.fks.stream().filter(f -> !f.inline()).forEach(f -> parts.add("sa.ForeignKeyConstraint(['" + f.col() + "'], ['" + f.refTable() + ".id'], name='"
                + f.name() + "', ondelete='" + f.onDelete() + "')"));
        return "op.create_table(" + String.join(", ", parts) + ")";
    }

    private static java.util.Optional<Fk> inlineFk(Table t, Col c) {
        return t.fks.stream().filter(f -> f.inline() && f.col().equals(c.name)).findFirst();
    }

    private static String columnYaml(Col c) {
        return "{name: " + c.name + ", type: " + c.type.yaml + (c.nullable ? "" : ", nullable: false")
                + (c.dflt == null ? "" : ", server_default: " + c.type.yamlDefault(c.dflt)) + "}";
    }

    private static String columnPy(Col c) {
        return columnPy(c, "");
    }

    /** {@code positional}: more positional arguments (a ForeignKey), which Python wants before the keywords. */
    private static String columnPy(Col c, String positional) {
        return "sa.Column('" + c.name + "', " + c.type.py + positional + (c.nullable ? "" : ", nullable=False")
                + (c.dflt == null ? "" : ", server_default=" + c.type.pyDefault(c.dflt)) + ")";
    }

    private static String createIndexYaml(Table t, Index ix, boolean guard) {
        return "create_index: {name: " + ix.name() + ", table: " + t.name + ", columns: [" + String.join(", ", ix.cols()) + "]"
                + (ix.unique() ? ", unique: true" : "") + (ix.partial() ? ", where: \"id > 0\"" : "")
                + (guard ? ", if_not_exists: true" : "") + "}";
    }

    private static String createIndexPy(Table t, Index ix) {
        return "op.create_index('" + ix.name() + "', '" + t.name + "', " + pyList(ix.cols(), true)
                + (ix.unique() ? ", unique=True" : "")
                + (ix.partial() ? ", sqlite_where=sa.text('id > 0'), postgresql_where=sa.text('id > 0')" : "") + ")";
    }

    private static String uniqueYaml(Table t, String name, List<String> cols) {
        return "create_unique_constraint: {name: " + name + ", table: " + t.name + ", columns: [" + String.join(", ", cols) + "]}";
    }

    private static List<String> uniquePy(Table t, String name, List<String> cols) {
        return batch(t.name, "b.create_unique_constraint('" + name + "', " + pyList(cols, true) + ")");
    }

    private static String checkYaml(Table t, String name, String col) {
        return "create_check_constraint: {name: " + name + ", table: " + t.name + ", condition: \"" + col + " >= 0\"}";
    }

    private static List<String> checkPy(Table t, String name, String col) {
        return batch(t.name, "b.create_check_constraint('" + name + "', sa.text('" + col + " >= 0'))");
    }

    private static String fkYaml(Table t, Fk fk) {
        return "create_foreign_key: {name: " + fk.name() + ", table: " + t.name + ", columns: [" + fk.col() + "], ref_table: "
                + fk.refTable() + ", ref_columns: [id], on_delete: " + fk.onDelete() + "}";
    }

    private static List<String> fkPy(Table t, Fk fk) {
        return batch(t.name, "b.create_foreign_key('" + fk.name() + "', '" + fk.refTable() + "', ['" + fk.col()
                + "'], ['id'], ondelete='" + fk.onDelete() + "')");
    }

    private static String dropConstraintYaml(Table t, String name, String type) {
        return "drop_constraint: {name: " + name + ", table: " + t.name + ", type: " + type + "}";
    }

    private static List<String> dropConstraintPy(Table t, String name, String type) {
        return batch(t.name, "b.drop_constraint('" + name + "', type_='" + type + "')");
    }

    private static List<String> batch(String table, String op) {
        return List.of("with op.batch_alter_table('" + table + "') as b:", "    " + op);
    }

    private static String insertSql(Table t, Map<String, Long> row, boolean pg) {
        return "INSERT INTO " + t.name + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + row.entrySet().stream().map(e -> e.getValue() == null ? "NULL"
                : t.cols.get(e.getKey()).type.literal(e.getValue(), pg)).collect(Collectors.joining(", ")) + ")";
    }

    private static String bulkInsertYaml(Table t, List<Map<String, Long>> rows) {
        return "bulk_insert: {table: " + t.name + ", rows: [" + rows.stream().map(r -> "{" + r.entrySet().stream()
                .map(e -> e.getKey() + ": " + (e.getValue() == null ? "null" : t.cols.get(e.getKey()).type.integral()
                        ? e.getValue().toString() : "v" + e.getValue())).collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(", ")) + "]}";
    }

    private static String bulkInsertPy(Table t, List<Map<String, Long>> rows) {
        String cols = t.cols.keySet().stream().map(c -> "sa.column('" + c + "')").collect(Collectors.joining(", "));
        return "op.bulk_insert(sa.table('" + t.name + "', " + cols + "), [" + rows.stream().map(r -> "{" + r.entrySet()
                .stream().map(e -> "'" + e.getKey() + "': " + (e.getValue() == null ? "None" : t.cols.get(e.getKey()).type
                        .integral() ? e.getValue().toString() : "'v" + e.getValue() + "'")).collect(Collectors.joining(", "))
                + "}").collect(Collectors.joining(", ")) + "], multiinsert=False)";
    }

    /** One execute of several statements; per dialect when they differ. */
    private static String executeYaml(List<String> sqlite, List<String> pg) {
        String a = String.join("; ", sqlite);
        String b = String.join("; ", pg);
        return "execute: {sql: " + (a.equals(b) ? quote(a) : "{sqlite: " + quote(a) + ", postgresql: " + quote(b) + "}") + "}";
    }

    private static List<String> executePy(List<String> sqlite, List<String> pg) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sqlite.size(); i++) {
            out.add(sqlite.get(i).equals(pg.get(i)) ? "op.execute(" + quote(sqlite.get(i)) + ")"
                    : "op.execute(" + quote(sqlite.get(i)) + " if sqlite else " + quote(pg.get(i)) + ")");
        }
        return out;
    }

    /** A double-quoted string, valid in YAML and in Python (the statements are ASCII). */
    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pyList(List<String> cols, boolean brackets) {
        String s = cols.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return brackets ? "[" + s + "]" : s;
    }

    // ---- helpers ----

    private List<String> someColumns(Table t) {
        List<String> cols = new ArrayList<>(t.cols.keySet());
        cols.remove("id");
        if (cols.isEmpty()) {
            return null;
        }
        Collections.shuffle(cols, rnd);
        return List.copyOf(cols.subList(0, Math.min(cols.size(), 1 + rnd.nextInt(2))));
    }

    /** Whether the rows' values of {@code cols} are distinct, tuples holding a NULL aside (as SQL counts them). */
    private static boolean distinct(Table t, List<Map<String, Long>> rows, List<String> cols) {
        Set<String> seen = new HashSet<>();
        for (Map<String, Long> r : rows) {
            if (cols.stream().anyMatch(c -> r.get(c) == null)) {
                continue;
            }
            String key = cols.stream().map(c -> t.cols.get(c).type.literal(r.get(c), false)).collect(Collectors.joining("|"));
            if (!seen.add(key)) {
                return false;
            }
        }
        return true;
    }

    private Table table(String name) {
        return tables.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow();
    }

    private String name(String prefix) {
        return prefix + counter++;
    }

    private <T> T pick(List<T> items) {
        return items.get(rnd.nextInt(items.size()));
    }
}
