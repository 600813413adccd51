package dev.retort.transfer;

import dev.retort.api.CopyResult;
import dev.retort.api.CopyResult.Fix;
import dev.retort.api.CopyResult.Orphans;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Read-only checks of the source before anything is written: {@code PRAGMA quick_check},
 * {@code PRAGMA integrity_check} and {@code PRAGMA foreign_key_check}. An orphaned row (a foreign
 * key pointing at a row that does not exist) is handled as if its parent had been deleted with
 * foreign keys on, following the key's ON DELETE: CASCADE leaves the row out (and what depends on
 * it), SET NULL clears the reference; under any other action the orphan itself is left out, and a
 * row depending on a left-out row stops {@code --skip-orphans} (the key says that parent may not
 * go; the user decides). The cleanup SQL names the very rows by rowid, so it does exactly that.
 */
public final class Preflight {
    /** A check's result row, each of its lines indented (SQLite puts several lines in one row). */
    private static String indented(String row) {
        return "  " + row.strip().replace("\n", "\n  ") + "\n";
    }

    /** The preflight's findings as text, for stderr (empty when it found nothing). */
    public static String render(CopyResult.Preflight p) {
        StringBuilder s = new StringBuilder();
        if (!p.quickCheck().isEmpty()) {
            s.append("PRAGMA quick_check found problems:\n");
            p.quickCheck().forEach(x -> s.append(indented(x)));
        }
        if (!p.integrityCheck().isEmpty()) {
            s.append("PRAGMA integrity_check found problems:\n");
            p.integrityCheck().forEach(x -> s.append(indented(x)));
        }
        if (!p.quickCheck().isEmpty() || !p.integrityCheck().isEmpty()) {
            // what SQLite's own documentation advises, on a copy of the file, never on the original
            s.append("The source file is damaged. On a copy of it: an index problem ('wrong # of entries',"
                    + " 'missing from index') goes with REINDEX; anything else: sqlite3 damaged.db \".recover\" |"
                    + " sqlite3 recovered.db, then copy from recovered.db (check its rows first).\n");
        }
        p.errors().forEach(e -> s.append(e).append('\n'));
        if (!p.orphans().isEmpty()) {
            s.append("Orphaned rows (PRAGMA foreign_key_check) and the rows that depend on them, per table:\n");
            for (Orphans o : p.orphans()) {
                s.append(String.format(Locale.ROOT, "  %-24s %8d row(s): %s -> %s(%s) [%s]; e.g. rowid %s%n",
                        o.table(), o.rows(), String.join(", ", o.columns()), o.parent(),
                        String.join(", ", o.parentColumns()), why(o),
                        o.sampleRows().stream().map(String::valueOf).collect(Collectors.joining(", "))));
            }
            s.append("Rows to leave out, per table: ").append(counts(p.leftOut())).append('\n');
            if (!p.cleared().isEmpty()) {
                s.append("Rows copied with the reference cleared (ON DELETE SET NULL), per table: ")
                        .append(counts(p.cleared())).append('\n');
            }
            if (p.needsDecision()) {
                s.append("Rows marked DECIDE reference left-out rows through a key that neither cascades (ON"
                        + " DELETE CASCADE) nor can be cleared (ON DELETE SET NULL on columns that may be NULL), so"
                        + " --skip-orphans won't drop them for you. The SQL below deletes them too; or fix their"
                        + " references by hand.\n");
            }
            s.append("To clean up the source (after a backup), run in sqlite3 on this very file:\n");
            p.cleanupSql().forEach(q -> s.append("  ").append(q).append('\n'));
        }
        return s.toString();
    }

    private static String why(Orphans o) {
        String cause = (o.parentMissing() ? "no such row in " + o.parent()
                : "its " + o.parent() + " row is left out, ON DELETE " + o.onDelete())
                + (o.fix() != Fix.CLEAR && o.onDelete().equalsIgnoreCase("SET NULL")
                ? " (ON DELETE SET NULL can't clear NOT NULL columns)" : "");
        return cause + switch (o.fix()) {
            case LEAVE_OUT -> ": left out";
            case CLEAR -> ": " + String.join(", ", o.columns()) + " cleared";
            case DECIDE -> ": DECIDE";
        };
    }

    private static String counts(Map<String, Long> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * What the copy does to a table's rows: skips {@code leftOut} (sorted rowids) and writes NULL into
     * the {@code clear} columns of the rows named there.
     */
    record RowFixes(long[] leftOut, Map<Long, Set<String>> clear) {
        boolean skips(long rowid) {
            return java.util.Arrays.binarySearch(leftOut, rowid) >= 0;
        }
    }

    /** One row's place in the plan: the key that put it there and whether its parent was missing. */
    private record Cause(int fkId, boolean parentMissing, Fix fix) {
    }

    private static final int ROWIDS_PER_STATEMENT = 500;

    private Preflight() {
    }

    /** The rows of {@code fk}'s table whose key matches no parent row (NULL keys are no orphans). */
    private static String orphansQuery(SqliteSource.ForeignKey fk) {
        String cols = fk.from().stream().map(Sql::quote).collect(java.util.stream.Collectors.joining(", "));
        String notNull = fk.from().stream().map(c -> Sql.quote(c) + " IS NOT NULL")
                .collect(java.util.stream.Collectors.joining(" AND "));
        return "SELECT * FROM " + Sql.quote(fk.table()) + " WHERE " + notNull + " AND (" + cols + ") NOT IN (SELECT "
                + fk.to().stream().map(Sql::quote).collect(java.util.stream.Collectors.joining(", ")) + " FROM "
                + Sql.quote(fk.parent()) + ")";
    }

    /** Runs the checks; {@code fixes} receives, per table, what the copy leaves out and clears. */
    static CopyResult.Preflight run(SqliteSource src, List<SqliteSource.Table> tables, Map<String, RowFixes> fixes,
                      Consumer<String> log) throws SQLException {
        long t0 = System.nanoTime();
        log.accept("Preflight: PRAGMA foreign_key_check on " + src.file() + " (read-only; quick_check and"
                + " integrity_check run beside the copy, on a connection of their own)");
        List<String> errors = new ArrayList<>();
        Map<String, SqliteSource.Table> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        tables.forEach(t -> byName.put(t.name(), t));
        // rows in the plan, per table: rowid to why (the first cause found wins; LEAVE_OUT beats CLEAR)
        Map<String, Map<Long, Cause>> plan = new HashMap<>();
        Map<String, Set<Long>> newlyOut = new HashMap<>();
        directOrphans(src, byName, plan, newlyOut, errors);
        if (errors.isEmpty()) {
            followKeys(src, byName, plan, newlyOut);
        }
        Map<String, Set<String>> parents = new HashMap<>();
        for (SqliteSource.Table t : tables) {
            parents.put(t.name(), t.foreignKeys().stream().map(f -> name(byName, f.parent()))
                    .collect(Collectors.toSet()));
        }
        List<String> order = TableOrder.of(Set.copyOf(tables.stream().map(SqliteSource.Table::name).toList()), parents);
        List<Orphans> orphans = new ArrayList<>();
        Map<String, Long> leftOut = new LinkedHashMap<>();
        Map<String, Long> cleared = new LinkedHashMap<>();
        List<String> cleanup = new ArrayList<>();
        for (String table : order) {
            Map<Long, Cause> rows = plan.get(table);
            if (rows == null) {
                continue;
            }
            SqliteSource.Table t = byName.get(table);
            Map<Cause, TreeSet<Long>> groups = new TreeMap<>(java.util.Comparator.comparing(Cause::parentMissing)
                    .reversed().thenComparing(Cause::fix).thenComparing(Cause::fkId));
            rows.forEach((rowid, c) -> groups.computeIfAbsent(c, k -> new TreeSet<>()).add(rowid));
            for (Map.Entry<Cause, TreeSet<Long>> g : groups.entrySet()) {
                SqliteSource.ForeignKey fk = key(t, g.getKey().fkId());
                orphans.add(new Orphans(table, fk.from(), name(byName, fk.parent()), fk.to(),
                        g.getKey().parentMissing(), fk.onDelete(), g.getKey().fix(), g.getValue().size(),
                        g.getValue().stream().limit(5).toList()));
            }
            long[] out = rows.entrySet().stream().filter(e -> e.getValue().fix() != Fix.CLEAR)
                    .mapToLong(Map.Entry::getKey).sorted().toArray();
            Map<Long, Set<String>> clear = new TreeMap<>();
            rows.forEach((rowid, c) -> {
                if (c.fix() == Fix.CLEAR) {
                    clear.put(rowid, Set.copyOf(key(t, c.fkId()).from()));
                }
            });
            if (out.length > 0) {
                leftOut.put(table, (long) out.length);
            }
            if (!clear.isEmpty()) {
                cleared.put(table, (long) clear.size());
            }
            fixes.put(table, new RowFixes(out, clear));
        }
        // children before parents, so it also runs with PRAGMA foreign_keys = ON
        List<String> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        for (String table : reversed) {
            RowFixes f = fixes.get(table);
            if (f != null) {
                cleanup.addAll(cleanupSql(byName.get(table), f));
            }
        }
        if (!cleanup.isEmpty()) {
            cleanup.add(0, "BEGIN;");
            cleanup.add("COMMIT;  -- then run retort copy again");
        }
        // quick_check and integrity_check come later (Copy.withChecks): they run beside the copy
        return new CopyResult.Preflight(List.of(), List.of(), errors, orphans, leftOut, cleared, cleanup,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The rows PRAGMA foreign_key_check names: left out, or cleared under ON DELETE SET NULL. */
    private static void directOrphans(SqliteSource src, Map<String, SqliteSource.Table> byName,
                                      Map<String, Map<Long, Cause>> plan, Map<String, Set<Long>> newlyOut,
                                      List<String> errors) {
        try (Statement st = src.connection().createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.foreign_key_check")) {
            while (rs.next()) {
                SqliteSource.Table t = byName.get(rs.getString(1));
                long rowid = rs.getLong(2);
                boolean noRowid = rs.wasNull();
                int fkid = rs.getInt(4);
                if (t == null) {
                    continue;
                }
                if (noRowid || t.rowid() == null) {
                    SqliteSource.ForeignKey fk = t.foreignKeys().stream().filter(k -> k.id() == fkid).findFirst()
                            .orElse(null);
                    String e = "Table " + t.name() + " (WITHOUT ROWID) has orphaned rows; --skip-orphans can't leave"
                            + " them out: clean them up in the source first" + (fk == null ? "." : ". They are: "
                            + orphansQuery(fk) + ";");
                    if (!errors.contains(e)) {
                        errors.add(e);
                    }
                    continue;
                }
                SqliteSource.ForeignKey fk = key(t, fkid);
                Fix fix = fk.clears() ? Fix.CLEAR : Fix.LEAVE_OUT;
                if (put(plan, t.name(), rowid, new Cause(fkid, true, fix))) {
                    newlyOut.computeIfAbsent(t.name(), k -> new HashSet<>()).add(rowid);
                }
            }
        } catch (SQLException e) {
            String text = dev.retort.db.Database.errorText(e);
            errors.add("PRAGMA foreign_key_check failed: " + text + (text.contains("foreign key mismatch")
                    ? " (a foreign key must reference the parent's PRIMARY KEY or a UNIQUE column set)" : ""));
        }
    }

    /**
     * Puts a row in the plan; a stronger cause replaces a weaker one (leaving out beats a decision,
     * which beats clearing). True if the row newly goes (its dependants must be followed).
     */
    private static boolean put(Map<String, Map<Long, Cause>> plan, String table, long rowid, Cause c) {
        Map<Long, Cause> rows = plan.computeIfAbsent(table, k -> new HashMap<>());
        Cause before = rows.get(rowid);
        if (before == null || rank(c) > rank(before)) {
            rows.put(rowid, c);
        }
        return c.fix() != Fix.CLEAR && (before == null || before.fix() == Fix.CLEAR);
    }

    private static int rank(Cause c) {
        return switch (c.fix()) {
            case CLEAR -> 0;
            case DECIDE -> 1;
            case LEAVE_OUT -> c.parentMissing() ? 3 : 2;
        };
    }

    /**
     * Follows foreign keys from the rows that go until nothing changes: a row referencing a left-out
     * row is left out (CASCADE, or DECIDE for other actions, which the cleanup deletes too) or has
     * the reference cleared (SET NULL).
     */
    private static void followKeys(SqliteSource src, Map<String, SqliteSource.Table> byName,
                                   Map<String, Map<Long, Cause>> plan, Map<String, Set<Long>> newlyOut)
            throws SQLException {
        ArrayDeque<String> work = new ArrayDeque<>(new TreeSet<>(newlyOut.keySet()));
        while (!work.isEmpty()) {
            String parent = work.poll();
            Set<Long> gone = newlyOut.remove(parent);
            if (gone == null || gone.isEmpty()) {
                continue;
            }
            for (SqliteSource.Table child : byName.values()) {
                for (SqliteSource.ForeignKey fk : child.foreignKeys()) {
                    if (!fk.parent().equalsIgnoreCase(parent) || child.rowid() == null) {
                        continue;
                    }
                    Set<String> keys = keysOf(src, byName.get(parent), fk.to(), gone);
                    if (keys.isEmpty()) {
                        continue;
                    }
                    Fix fix = fk.cascades() ? Fix.LEAVE_OUT : fk.clears() ? Fix.CLEAR : Fix.DECIDE;
                    String sql = "SELECT " + child.rowid() + ", " + fk.from().stream().map(Sql::quote)
                            .collect(Collectors.joining(", ")) + " FROM main." + Sql.quote(child.name());
                    try (Statement st = src.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            String k = key(rs, 2, fk.from().size());
                            long rowid = rs.getLong(1);
                            if (k != null && keys.contains(k)
                                    && put(plan, child.name(), rowid, new Cause(fk.id(), false, fix))) {
                                newlyOut.computeIfAbsent(child.name(), x -> new HashSet<>()).add(rowid);
                                if (!work.contains(child.name())) {
                                    work.add(child.name());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The statements that delete a table's left-out rows and clear its references, by rowid. */
    private static List<String> cleanupSql(SqliteSource.Table t, RowFixes f) {
        List<String> out = new ArrayList<>();
        Map<Set<String>, List<Long>> byColumns = new LinkedHashMap<>();
        f.clear().forEach((rowid, cols) -> byColumns.computeIfAbsent(new TreeSet<>(cols), k -> new ArrayList<>())
                .add(rowid));
        byColumns.forEach((cols, rowids) -> {
            String set = cols.stream().map(c -> Sql.quote(c) + " = NULL").collect(Collectors.joining(", "));
            for (String in : inLists(rowids)) {
                out.add("UPDATE " + Sql.quote(t.name()) + " SET " + set + " WHERE " + t.rowid() + " IN (" + in + ");");
            }
        });
        for (String in : inLists(java.util.Arrays.stream(f.leftOut()).boxed().toList())) {
            out.add("DELETE FROM " + Sql.quote(t.name()) + " WHERE " + t.rowid() + " IN (" + in + ");");
        }
        return out;
    }

    private static List<String> inLists(List<Long> rowids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rowids.size(); i += ROWIDS_PER_STATEMENT) {
            out.add(rowids.subList(i, Math.min(rowids.size(), i + ROWIDS_PER_STATEMENT)).stream()
                    .map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return out;
    }

    private static SqliteSource.ForeignKey key(SqliteSource.Table t, int id) {
        return t.foreignKeys().stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    /** A parent as the table is really named (a REFERENCES clause may spell it in another case). */
    private static String name(Map<String, SqliteSource.Table> byName, String parent) {
        SqliteSource.Table t = byName.get(parent);
        return t == null ? parent : t.name();
    }

    /**
     * Starts PRAGMA quick_check and integrity_check on a read-only connection of their own, in a thread:
     * they read the whole file, so they run while the copy does; the copy waits for them before it
     * commits and rolls back if they found anything.
     */
    static CompletableFuture<List<List<String>>> startChecks(java.nio.file.Path file, long busyMillis) {
        CompletableFuture<List<List<String>>> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            List<String> quick = new ArrayList<>();
            List<String> integrity = new ArrayList<>();
            try (SqliteSource s = SqliteSource.openBeside(file, busyMillis)) {
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
        String sql = "SELECT " + columns.stream().map(c -> c.equalsIgnoreCase("rowid") ? parent.rowid() : Sql.quote(c))
                .collect(Collectors.joining(", ")) + " FROM main." + Sql.quote(parent.name()) + " WHERE "
                + parent.rowid() + " = ?";
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
}
