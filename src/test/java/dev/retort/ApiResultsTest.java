package dev.retort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.Dialect;
import dev.retort.api.HistoryEntry;
import dev.retort.api.LintResult;
import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Applied;
import dev.retort.api.RevisionGraph.Edge;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.api.RevisionGraph.Mark;
import dev.retort.api.SchemaDifference;
import dev.retort.api.StepInfo;
import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result records of copy, lint, graph and the schema check, read through {@link Retort} on real
 * databases: what they say must be what happened (counts, files and lines, flags, differences).
 */
class ApiResultsTest {
    @TempDir
    Path tmp;

    /** a (users, posts) ← b (an index) ← c (drops a column); a ← d (tags): heads c and d. */
    private Path revisions() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        revision(dir, "a", "", "CREATE TABLE users (id integer PRIMARY KEY, name text, email text);\n"
                + "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));");
        revision(dir, "b", "a", "CREATE INDEX ix_posts_user ON posts (user_id);");
        revision(dir, "c", "b", "SELECT 1;\nALTER TABLE users DROP COLUMN name;");
        revision(dir, "d", "a", "CREATE TABLE tags (name text);");
        return dir;
    }

    /** The upgrade statements start on line 7 of the file. */
    private static void revision(Path dir, String id, String down, String upgrade) throws IOException {
        Files.writeString(dir.resolve(id + "_x.sql"), "-- rev " + id + "\n--\n-- Revision ID: " + id
                + "\n-- Revises: " + down + "\n\n-- retort:upgrade\n" + upgrade + "\n\n-- retort:downgrade\nSELECT 1;\n");
    }

    private Retort sqlite(Path revisions) {
        return Retort.configure().url("sqlite:///" + tmp.resolve("app.db")).revisions(revisions).log(l -> { })
                .load();
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("app.db"));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** The audit history as typed values: the step's direction and its version ids as lists, not joined text. */
    @Test
    void appliedHistoryNamesEachStepsDirectionAndVersionIds() throws Exception {
        Retort retort = sqlite(revisions());
        retort.upgrade("heads");
        retort.stamp(List.of("b", "d"), false);
        List<HistoryEntry> history = retort.appliedHistory();
        assertEquals(5, history.size(), history.toString());
        HistoryEntry first = history.get(0);
        assertEquals(List.of(StepInfo.Direction.UPGRADE, "a", List.of(), List.of("a")),
                List.of(first.direction(), first.revision(), first.from(), first.to()));
        assertTrue(first.checksum().matches("[0-9a-f]{64}"), first.checksum());
        assertTrue(first.file().endsWith("a_x.sql") && first.success() && first.error() == null, first.toString());
        HistoryEntry stamp = history.get(4);
        assertEquals(List.of(StepInfo.Direction.STAMP, List.of("c", "d"), List.of("b")),
                List.of(stamp.direction(), stamp.from(), stamp.to()), stamp.toString());
        assertNull(stamp.checksum());
    }

    @Test
    void lintNamesTheRevisionFileLineRuleAndSeverityAndDecidesTheExit() throws Exception {
        Path revs = revisions();
        Retort retort = sqlite(revs);
        retort.upgrade("b");

        LintResult pending = retort.lint("heads");     // what upgrade heads would run here: c and d
        assertEquals(2, pending.revisionsChecked());
        assertEquals(3, pending.statementsChecked());
        LintResult.Finding f = pending.findings().get(0);
        assertEquals(1, pending.findings().size(), pending.findings().toString());
        assertEquals("c", f.revision());
        assertEquals(revs.resolve("c_x.sql").toString(), f.file());
        assertEquals(8, f.line());
        assertEquals("drop-column", f.rule());
        assertEquals(LintResult.Severity.ERROR, f.severity());
        assertEquals("ALTER TABLE users DROP COLUMN name", f.statement());
        assertEquals(6, pending.exitCode());

        LintResult all = retort.lintAll(Dialect.POSTGRESQL);
        assertEquals(4, all.revisionsChecked());
        assertEquals(List.of("drop-column@c:8", "index-not-concurrent@b:7"), all.findings().stream()
                .map(x -> x.rule() + "@" + x.revision() + ":" + x.line()).sorted().toList());
        assertEquals(LintResult.Severity.WARNING, all.findings().stream()
                .filter(x -> x.rule().equals("index-not-concurrent")).findFirst().orElseThrow().severity());

        retort.upgrade("heads");
        LintResult none = retort.lint("heads");
        assertEquals(0, none.revisionsChecked());
        assertEquals(List.of(), none.findings());
        assertEquals(0, none.exitCode());
    }

    @Test
    void graphFlagsHeadsBranchPointsAppliedAndCurrentRevisions() throws Exception {
        Retort retort = sqlite(revisions());
        retort.upgrade("b");

        RevisionGraph plain = retort.graph(null, false);
        assertEquals(Set.of("a", "b", "c", "d"), Set.copyOf(plain.nodes().stream().map(RevisionGraph.Node::revision)
                .toList()));
        assertTrue(plain.nodes().stream().allMatch(n -> n.applied() == Applied.UNKNOWN));
        assertEquals(false, plain.indicated());

        RevisionGraph g = retort.graph(null, true);
        assertTrue(g.indicated());
        Map<String, RevisionGraph.Node> byId = new java.util.HashMap<>();
        g.nodes().forEach(n -> byId.put(n.revision(), n));
        assertEquals(EnumSet.of(Mark.BRANCH_POINT, Mark.BASE), byId.get("a").marks());
        assertEquals(EnumSet.of(Mark.CURRENT), byId.get("b").marks());
        assertEquals(EnumSet.of(Mark.HEAD), byId.get("c").marks());
        assertEquals(EnumSet.of(Mark.HEAD), byId.get("d").marks());
        assertEquals(Applied.YES, byId.get("a").applied());
        assertEquals(Applied.YES, byId.get("b").applied());
        assertEquals(Applied.NO, byId.get("c").applied());
        assertEquals(Applied.NO, byId.get("d").applied());
        assertEquals("rev b", byId.get("b").message());
        assertEquals(Set.of(new Edge("a", "b", Kind.PARENT), new Edge("b", "c", Kind.PARENT),
                new Edge("a", "d", Kind.PARENT)), Set.copyOf(g.edges()));
        assertEquals(List.of("b"), retort.graph("a:b", true).nodes().stream().map(RevisionGraph.Node::revision)
                .filter(id -> byId.get(id).has(Mark.CURRENT)).toList());
    }

    @Test
    void schemaDriftListsEachDifferenceTyped() throws Exception {
        Retort retort = sqlite(revisions());
        retort.upgrade("heads");
        assertEquals(List.of(), retort.schemaDrift(null));

        sql("CREATE TABLE extra_t (a integer)", "DROP INDEX ix_posts_user", "ALTER TABLE tags ADD COLUMN color text");
        List<SchemaDifference> drift = retort.schemaDrift(null);
        assertEquals(List.of("EXTRA TABLE extra_t", "EXTRA COLUMN tags.color", "MISSING INDEX ix_posts_user"),
                drift.stream().map(d -> d.change() + " " + d.kind() + " " + d.name()).toList());
        assertNull(drift.get(0).expected());
        assertTrue(drift.get(0).found().contains("a"), drift.get(0).found());
        assertNull(drift.get(2).found());
        assertTrue(drift.get(2).expected().contains("ix_posts_user"), drift.get(2).expected());
    }

    @Test
    void copyCountsRowsPerTableLeavesOutOrphansAndTimesTheRun() throws Exception {
        Path revs = revisions();
        sqlite(revs).upgrade("heads");
        sql("INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, 'b@x')",
                "INSERT INTO posts (id, user_id) VALUES (10, 1), (11, 2), (12, 99)");     // 12: no user 99
        CopyOptions.Builder options = CopyOptions.builder().from("sqlite:///" + tmp.resolve("app.db"))
                .revisions(revs);

        CopyResult stopped = Retort.copy(options.to(PgFixture.newDatabase()).build(), l -> { });
        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, stopped.status());
        assertEquals(5, stopped.exitCode());
        assertEquals(List.of(), stopped.tables());
        assertNull(stopped.schema());
        CopyResult.Orphans o = stopped.preflight().orphans().get(0);
        assertEquals(List.of("posts", "users", List.of("user_id"), List.of("id"), 1L, List.of(12L),
                CopyResult.Fix.LEAVE_OUT, true), List.of(o.table(), o.parent(), o.columns(), o.parentColumns(),
                o.rows(), o.sampleRows(), o.fix(), o.parentMissing()));
        assertEquals(Map.of("posts", 1L), stopped.preflight().leftOut());

        String target = PgFixture.newDatabase();
        CopyResult copied = Retort.copy(options.to(target).skipOrphans(true).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, copied.status());
        assertEquals(0, copied.exitCode());
        assertEquals(CopyResult.SchemaSource.REVISIONS, copied.schema());
        assertEquals(Set.of("c", "d"), Set.copyOf(copied.revision()));
        CopyResult.Table posts = table(copied, "posts");
        assertEquals(List.of(3L, 2L, 1L, 2L), List.of(posts.sourceRows(), posts.copiedRows(), posts.leftOut(),
                posts.targetRows()));
        assertTrue(posts.verified() && posts.sourceChecksum() != null, posts.toString());
        assertEquals(List.of(2L, 2L, 0L), List.of(table(copied, "users").copiedRows(), table(copied, "users")
                .targetRows(), table(copied, "tags").sourceRows() + table(copied, "tags").copiedRows()));
        assertEquals(copied.tables().stream().mapToLong(CopyResult.Table::copiedRows).sum(), copied.rows());
        assertTrue(posts.bytes() > 0 && copied.bytes() >= posts.bytes(), copied.toString());
        long tablesMillis = copied.tables().stream().mapToLong(CopyResult.Table::durationMillis).sum();
        assertTrue(copied.durationMillis() >= tablesMillis + copied.preflight().durationMillis(), copied.toString());
        try (Connection pg = PgFixture.connect(target); Statement st = pg.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM posts")) {
            rs.next();
            assertEquals(2, rs.getLong(1));
        }

        CopyResult again = Retort.copy(options.to(target).replace(true).build(), l -> { });
        assertEquals(CopyResult.SchemaSource.EXISTING, again.schema());
        assertEquals(2, table(again, "posts").copiedRows());
    }

    private static CopyResult.Table table(CopyResult r, String name) {
        return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }
}
