package dev.retort.transfer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Read-only checks of the source before anything is written: {@code PRAGMA quick_check},
 * {@code PRAGMA integrity_check} and {@code PRAGMA foreign_key_check}. Orphaned rows (a foreign key
 * pointing at a row that does not exist) are counted per table and foreign key, together with the
 * rows that depend on them through further foreign keys — exactly the rows {@code --skip-orphans}
 * leaves out and the cleanup SQL of the report deletes.
 */
public final class Preflight {
    /**
     * Rows of {@code table} whose foreign key {@code columns} point at no row of {@code parent}.
     *
     * @param cascaded   true if these rows' parents are themselves left out (not missing in the source)
     * @param sampleRows a few of their rowids
     */
    public record Orphans(String table, List<String> columns, String parent, List<String> parentColumns, long rows,
                          boolean cascaded, List<Long> sampleRows) {
    }

    /**
     * What the checks found.
     *
     * @param quickCheck     problems reported by quick_check (empty: ok)
     * @param integrityCheck problems reported by integrity_check (empty: ok)
     * @param errors         checks that could not run (e.g. "foreign key mismatch")
     * @param orphans        per table and foreign key
     * @param leftOut        per table: the rows that would be left out (orphans and their dependants)
     * @param cleanupSql     SQL that deletes exactly those rows from the source, parents first
     */
    public record Report(List<String> quickCheck, List<String> integrityCheck, List<String> errors, List<Orphans> orphans,
                         Map<String, Long> leftOut, List<String> cleanupSql, long millis) {
        /** The same report with the results of quick_check and integrity_check. */
        public Report withChecks(List<String> quick, List<String> integrity) {
            return new Report(List.copyOf(quick), List.copyOf(integrity), errors, orphans, leftOut, cleanupSql, millis);
        }

        public boolean damaged() {
            return !quickCheck.isEmpty() || !integrityCheck.isEmpty() || !errors.isEmpty();
        }

        public boolean hasOrphans() {
            return !orphans.isEmpty();
        }

        /** The report as text, for stderr. */
        public String render() {
            StringBuilder s = new StringBuilder();
            if (!quickCheck.isEmpty()) {
                s.append("PRAGMA quick_check found problems:\n");
                quickCheck.forEach(p -> s.append("  ").append(p).append('\n'));
            }
            if (!integrityCheck.isEmpty()) {
                s.append("PRAGMA integrity_check found problems:\n");
                integrityCheck.forEach(p -> s.append("  ").append(p).append('\n'));
            }
            errors.forEach(e -> s.append(e).append('\n'));
            if (!orphans.isEmpty()) {
                s.append("Orphaned rows (PRAGMA foreign_key_check), per table:\n");
                for (Orphans o : orphans) {
                    s.append(String.format("  %-24s %8d row(s): %s -> %s(%s)%s; e.g. rowid %s%n", o.table(), o.rows(),
                            String.join(", ", o.columns()), o.parent(), String.join(", ", o.parentColumns()),
                            o.cascaded() ? " [its parent rows are orphans themselves]" : " [no such row in "
                                    + o.parent() + "]",
                            o.sampleRows().stream().map(String::valueOf).collect(Collectors.joining(", "))));
                }
                s.append("Rows to leave out, per table: ");
                s.append(leftOut.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))).append('\n');
                s.append("To clean up the source (after a backup), run in sqlite3:\n");
                cleanupSql.forEach(q -> s.append("  ").append(q).append('\n'));
            }
            return s.toString();
        }
    }

    private Preflight() {
    }

    /** Runs the checks; {@code excluded} receives, per table, the sorted rowids to leave out. */
    static Report run(SqliteSource src, List<SqliteSource.Table> tables, Map<String, long[]> excluded,
                      Consumer<String> log) throws SQLException {
        long t0 = System.nanoTime();
        log.accept("Preflight: PRAGMA foreign_key_check on " + src.file() + " (read-only; quick_check and"
                + " integrity_check run beside the copy, on a connection of their own)");
        List<String> errors = new ArrayList<>();
        Map<String, SqliteSource.Table> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        // direct violations, per (table, fk id)
        Map<String, Map<Integer, List<Long>>> direct = new LinkedHashMap<>();
        Map<String, Set<Long>> out = new HashMap<>();
        try (Statement st = src.connection().createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.foreign_key_check")) {
            while (rs.next()) {
                String table = rs.getString(1);
                long rowid = rs.getLong(2);
                boolean noRowid = rs.wasNull();
                int fkid = rs.getInt(4);
                if (!byName.containsKey(table)) {
                    continue;
                }
                if (noRowid || byName.get(table).rowid() == null) {
                    String e = "Table " + table + " (WITHOUT ROWID) has orphaned rows; --skip-orphans can't leave"
                            + " them out: clean them up in the source first.";
                    if (!errors.contains(e)) {
                        errors.add(e);
                    }
                    continue;
                }
                direct.computeIfAbsent(table, k -> new LinkedHashMap<>()).computeIfAbsent(fkid,
                        k -> new ArrayList<>()).add(rowid);
                out.computeIfAbsent(table, k -> new HashSet<>()).add(rowid);
            }
        } catch (SQLException e) {
            errors.add("PRAGMA foreign_key_check failed: " + e.getMessage() + " (a foreign key must reference the"
                    + " parent's PRIMARY KEY or a UNIQUE column set)");
        }
        Map<String, Set<String>> parents = new HashMap<>();
        for (SqliteSource.Table t : tables) {
            parents.put(t.name(), t.foreignKeys().stream().map(SqliteSource.ForeignKey::parent)
                    .collect(Collectors.toSet()));
        }
        List<String> order = TableOrder.of(byName.keySet(), parents);
        // rows whose parent rows are left out: follow foreign keys until nothing changes
        Map<String, Map<Integer, List<Long>>> cascaded = new LinkedHashMap<>();
        if (!out.isEmpty() && errors.isEmpty()) {
            java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(order.stream().filter(out::containsKey)
                    .toList());
            while (!work.isEmpty()) {
                String parent = work.poll();
                Set<Long> gone = out.get(parent);
                for (String childName : order) {
                    SqliteSource.Table child = byName.get(childName);
                    for (SqliteSource.ForeignKey fk : child.foreignKeys()) {
                        if (!fk.parent().equals(parent) || child.rowid() == null) {
                            continue;
                        }
                        Set<String> keys = keysOf(src, byName.get(parent), fk.to(), gone);
                        List<Long> hit = new ArrayList<>();
                        Set<Long> already = out.getOrDefault(childName, Set.of());
                        String sql = "SELECT " + child.rowid() + ", " + fk.from().stream().map(Sql::quote)
                                .collect(Collectors.joining(", ")) + " FROM main." + Sql.quote(childName);
                        try (Statement st = src.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                            while (rs.next()) {
                                String key = key(rs, 2, fk.from().size());
                                if (key != null && keys.contains(key) && !already.contains(rs.getLong(1))) {
                                    hit.add(rs.getLong(1));
                                }
                            }
                        }
                        if (!hit.isEmpty()) {
                            out.computeIfAbsent(childName, k -> new HashSet<>()).addAll(hit);
                            cascaded.computeIfAbsent(childName, k -> new LinkedHashMap<>()).computeIfAbsent(fk.id(),
                                    k -> new ArrayList<>()).addAll(hit);
                            if (!work.contains(childName)) {
                                work.add(childName);
                            }
                        }
                    }
                }
            }
        }
        List<Orphans> orphans = new ArrayList<>();
        Map<String, Long> leftOut = new LinkedHashMap<>();
        List<String> cleanup = new ArrayList<>();
        Set<String> statements = new HashSet<>();
        for (String table : order) {
            SqliteSource.Table t = byName.get(table);
            for (boolean isCascade : new boolean[] {false, true}) {
                Map<Integer, List<Long>> groups = (isCascade ? cascaded : direct).getOrDefault(table, Map.of());
                for (Map.Entry<Integer, List<Long>> g : groups.entrySet()) {
                    SqliteSource.ForeignKey fk = t.foreignKeys().stream().filter(f -> f.id() == g.getKey()).findFirst()
                            .orElseThrow();
                    List<Long> rows = g.getValue();
                    orphans.add(new Orphans(table, fk.from(), fk.parent(), fk.to(), rows.size(), isCascade,
                            rows.stream().sorted().limit(5).toList()));
                    String del = deleteSql(fk);
                    if (statements.add(del)) {
                        if (fk.nullable() && fk.from().size() == 1 && !isCascade) {
                            cleanup.add("-- or keep these rows and clear the reference: " + setNullSql(fk));
                        }
                        cleanup.add(del);
                    }
                }
            }
            if (out.containsKey(table)) {
                leftOut.put(table, (long) out.get(table).size());
                long[] ids = out.get(table).stream().mapToLong(Long::longValue).toArray();
                Arrays.sort(ids);
                excluded.put(table, ids);
            }
        }
        if (!cleanup.isEmpty()) {
            cleanup.add(0, "BEGIN;");
            cleanup.add("COMMIT;  -- then run retort copy again: a self-referencing table may need the same"
                    + " DELETE more than once");
        }
        // quick_check and integrity_check come later (withChecks): they run beside the copy
        return new Report(List.of(), List.of(), errors, orphans, leftOut, cleanup, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Starts PRAGMA quick_check and integrity_check on a read-only connection of their own, in a thread:
     * they read the whole file, so they run while the copy does; the copy waits for them before it
     * commits and rolls back if they found anything.
     */
    static java.util.concurrent.CompletableFuture<List<List<String>>> startChecks(java.nio.file.Path file) {
        java.util.concurrent.CompletableFuture<List<List<String>>> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            List<String> quick = new ArrayList<>();
            List<String> integrity = new ArrayList<>();
            try (SqliteSource s = SqliteSource.open(file, 30_000)) {
                try {
                    quick.addAll(s.check("quick_check"));
                } catch (SQLException e) {
                    quick.add("quick_check failed: " + e.getMessage());
                }
                try {
                    integrity.addAll(s.check("integrity_check"));
                } catch (SQLException e) {
                    integrity.add("integrity_check failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                quick.add("can't open the database for quick_check: " + e.getMessage());
            }
            f.complete(List.of(quick, integrity));
        }, "retort-integrity-check");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static String key(ResultSet rs, int first, int n) throws SQLException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String v = rs.getString(first + i);
            if (v == null) {
                return null; // a NULL in a foreign key column references nothing
            }
            s.append(v).append('\u0001');
        }
        return s.toString();
    }

    /** The referenced key values of the given parent rows. */
    private static Set<String> keysOf(SqliteSource src, SqliteSource.Table parent, List<String> columns, Set<Long> rowids)
            throws SQLException {
        Set<String> keys = new HashSet<>();
        String sql = "SELECT " + columns.stream().map(Sql::quote).collect(Collectors.joining(", "))
                + " FROM main." + Sql.quote(parent.name()) + " WHERE " + parent.rowid() + " = ?";
        try (PreparedStatement ps = src.connection().prepareStatement(sql)) {
            for (long id : rowids) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String k = key(rs, 1, columns.size());
                        if (k != null) {
                            keys.add(k);
                        }
                    }
                }
            }
        }
        return keys;
    }

    private static String missingParent(SqliteSource.ForeignKey fk) {
        String child = Sql.quote(fk.table());
        String parent = Sql.quote(fk.parent());
        List<String> match = new ArrayList<>();
        for (int i = 0; i < fk.from().size(); i++) {
            match.add(parent + "." + Sql.quote(fk.to().get(i)) + " = " + child + "."
                    + Sql.quote(fk.from().get(i)));
        }
        return fk.from().stream().map(c -> Sql.quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "))
                + " AND NOT EXISTS (SELECT 1 FROM " + parent + " WHERE " + String.join(" AND ", match) + ")";
    }

    private static String deleteSql(SqliteSource.ForeignKey fk) {
        return "DELETE FROM " + Sql.quote(fk.table()) + " WHERE " + missingParent(fk) + ";";
    }

    private static String setNullSql(SqliteSource.ForeignKey fk) {
        return "UPDATE " + Sql.quote(fk.table()) + " SET " + Sql.quote(fk.from().get(0))
                + " = NULL WHERE " + missingParent(fk) + ";";
    }
}
