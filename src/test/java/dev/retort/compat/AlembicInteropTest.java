package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import dev.retort.compat.ProjectWriter.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Alembic and retort taking turns on ONE database (a SQLite file, and a PostgreSQL database) (SPEC.md: "A database upgraded by
 * Alembic can be continued by retort and the other way round, at any revision").
 *
 * <p>Every scenario runs twice: on the shared file, where the tools alternate, and on a
 * reference file, where Alembic alone runs the same commands. Rows, the log of revisions run (in
 * order) and {@code current} must agree with the reference after every step, and both tools'
 * {@code current} must agree on the shared file.
 */
class AlembicInteropTest extends AlembicTestBase {
    @TempDir
    static Path tmp;

    /** One shared database, one Alembic-only reference, and the steps taken so far. */
    private static final class Duo {
        final Graph g;
        final Project p;
        final CompatSession s;
        final Dialect dialect;
        final Db.Target shared;
        final Db.Target reference;
        final List<String> steps = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Duo(Dialect dialect, Graph g, Path root) throws IOException {
            Files.createDirectories(root);
            this.dialect = dialect;
            this.g = g;
            this.p = ProjectWriter.write(g, root);
            this.s = new CompatSession(alembic, g, p, p.sqlDir(), "interop", dialect);
            this.shared = Db.Target.create(dialect, p.root(), "shared");
            this.reference = Db.Target.create(dialect, p.root(), "reference");
            Db.createLogTable(shared);
            Db.createLogTable(reference);
        }

        /** {@code who} ∈ {alembic, retort} runs the command on the shared file; Alembic on the reference. */
        void step(String who, String... command) {
            List<String> cmd = List.of(command);
            Outcome onShared = who.equals("alembic") ? s.runAlembic(shared, cmd) : s.runRetort(shared, cmd);
            Outcome onReference = s.runAlembic(reference, cmd);
            steps.add(who + " " + String.join(" ", cmd) + "  -> exit " + onShared.exit());
            if (onReference.exit() != 0) {
                problems.add("(harness) Alembic failed on the reference database: " + String.join(" ", cmd) + "\n"
                        + onReference.render());
            }
            if (onShared.exit() != 0 || onShared.crash() != null) {
                problems.add(who + " failed on the shared database: " + String.join(" ", cmd) + "\n" + onShared.render());
            }
            check();
        }

        void check() {
            List<String> rowsShared = Db.versionRows(shared);
            List<String> rowsRef = Db.versionRows(reference);
            if (!rowsShared.equals(rowsRef)) {
                problems.add("after [" + steps.get(steps.size() - 1) + "]: rows " + Graph.join(rowsShared)
                        + ", Alembic alone: " + Graph.join(rowsRef));
            }
            List<String> logShared = Db.log(shared);
            List<String> logRef = Db.log(reference);
            if (!logShared.equals(logRef)) {
                problems.add("after [" + steps.get(steps.size() - 1) + "]: revisions run " + logShared
                        + ", Alembic alone: " + logRef);
            }
            Outcome ca = s.runAlembic(shared, List.of("current"));
            Outcome cr = s.runRetort(shared, List.of("current"));
            Outcome cref = s.runAlembic(reference, List.of("current"));
            String na = Normalise.sortedLines(ca.stdout());
            String nr = Normalise.sortedLines(cr.stdout());
            String nref = Normalise.sortedLines(cref.stdout());
            if (ca.exit() != 0 || !na.equals(nref)) {
                problems.add("after [" + steps.get(steps.size() - 1) + "]: alembic current on the shared database:\n"
                        + ca.render() + "  Alembic alone:\n" + cref.render());
            }
            if (cr.exit() != 0 || !nr.equals(na)) {
                problems.add("after [" + steps.get(steps.size() - 1) + "]: retort current on the shared database "
                        + "disagrees with alembic current:\n" + cr.render() + ca.render());
            }
        }

        void assertOk() {
            if (!problems.isEmpty()) {
                String text = "=== INTEROP MISMATCH on " + g.name() + " [" + dialect.label() + "]\ngraph:\n" + g.compact() + "\nsteps:\n  "
                        + String.join("\n  ", steps) + "\nproblems:\n- " + String.join("\n- ", problems);
                CompatReport.append(AlembicInteropTest.class.getSimpleName(), text);
                fail(text);
            }
        }
    }

    /** a → b → {c1 → d1, c2 (label c2branch) → d2} → e(d1, d2) → f, plus a dependency. */
    static Graph branchy() {
        return new Graph("branchy fixed graph", List.of(
                new Rev("aaaa0000000a", "01_a", "rev a", List.of(), List.of(), List.of()),
                new Rev("bbbb0000000b", "02_b", "rev b", List.of("aaaa0000000a"), List.of(), List.of()),
                new Rev("cccc000000c1", "03_c1", "rev c1", List.of("bbbb0000000b"), List.of(), List.of()),
                new Rev("dddd000000d1", "04_d1", "rev d1", List.of("cccc000000c1"), List.of(), List.of()),
                new Rev("cccc000000c2", "05_c2", "rev c2", List.of("bbbb0000000b"), List.of("c2branch"), List.of()),
                new Rev("dddd000000d2", "06_d2", "rev d2", List.of("cccc000000c2"), List.of(), List.of()),
                new Rev("eeee0000000e", "07_e", "merge", List.of("dddd000000d1", "dddd000000d2"), List.of(), List.of()),
                new Rev("ffff0000000f", "08_f", "rev f", List.of("eeee0000000e"), List.of(), List.of()),
                new Rev("111100000001", "09_lib", "lib base", List.of(), List.of("lib"), List.of()),
                new Rev("222200000002", "10_lib2", "lib next", List.of("111100000001"), List.of(), List.of()),
                new Rev("99990000000g", "11_g", "uses lib", List.of("ffff0000000f"), List.of(), List.of("222200000002"))));
    }

    /** The dialects enabled by {@code retort.compat.dialects} (default: SQLite and PostgreSQL). */
    static Stream<Dialect> dialects() {
        return Arrays.stream(Dialect.values()).filter(Dialect::enabled);
    }

    private static Path dir(Dialect dialect, String name) {
        return tmp.resolve(dialect.label()).resolve(name);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void alembicUpgradesPartWayRetortContinuesToHead(Dialect dialect) throws IOException {
        Duo d = new Duo(dialect, branchy(), dir(dialect, "partway"));
        d.step("alembic", "upgrade", "dddd000000d1");
        d.step("retort", "upgrade", "heads");
        d.assertOk();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void retortCreatesTheTableAlembicContinues(Dialect dialect) throws IOException {
        Duo d = new Duo(dialect, branchy(), dir(dialect, "retortfirst"));
        d.step("retort", "upgrade", "c2branch@head");
        d.step("alembic", "upgrade", "heads");
        d.step("retort", "downgrade", "c2branch@base");
        d.step("alembic", "downgrade", "base");
        d.assertOk();
        // the table retort created must be Alembic's (§4.1)
        Db.Target alone = Db.Target.create(dialect, dir(dialect, "retortfirst"), "alembic_only");
        Db.createLogTable(alone);
        d.s.runAlembic(alone, List.of("stamp", "heads"));
        assertEquals(Db.versionTableShape(alone), Db.versionTableShape(d.shared),
                "alembic_version as created by retort (shared) vs by Alembic; DDL retort: " + Db.versionTableDdl(d.shared)
                        + " / Alembic: " + Db.versionTableDdl(alone));
        // SQLite keeps the CREATE TABLE text (.schema shows it): byte for byte Alembic's, tabs included
        assertEquals(Db.versionTableDdl(alone), Db.versionTableDdl(d.shared));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void retortUpgradesAlembicDowngradesWhatRetortApplied(Dialect dialect) throws IOException {
        Duo d = new Duo(dialect, branchy(), dir(dialect, "retortup"));
        d.step("retort", "upgrade", "heads");
        d.step("alembic", "downgrade", "dddd000000d2");
        d.step("retort", "downgrade", "bbbb0000000b");
        d.step("alembic", "upgrade", "eeee0000000e");
        d.step("retort", "downgrade", "lib@base");
        d.step("alembic", "upgrade", "heads");
        d.step("retort", "downgrade", "base");
        d.assertOk();
    }

    /**
     * Random graphs, random intermediate targets, the tools alternating. SQLite: 4 graphs;
     * PostgreSQL: {@code -Dretort.compat.pg.interopGraphs} (default 2), from another random stream.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void alternatingOnRandomGraphs(Dialect dialect) throws IOException {
        long seed = AlembicRandomCompatTest.seed();
        boolean sqlite = dialect == Dialect.SQLITE;
        Random rnd = new Random(sqlite ? seed ^ 0x5EED : seed ^ 0x5EED ^ 0x9E3779B97F4A7C15L);
        int graphs = sqlite ? 4 : Integer.getInteger("retort.compat.pg.interopGraphs", 2);
        for (int i = 0; i < graphs; i++) {
            Graph g = RandomGraphs.generate(rnd, (sqlite ? "" : dialect.label() + " ") + "interop graph " + i + " of seed "
                    + seed, 6 + rnd.nextInt(12));
            Duo d = new Duo(dialect, g, dir(dialect, "random" + i));
            List<Rev> revs = g.revs();
            // up to a random revision with Alembic, on to heads with retort, down part way with
            // Alembic, up again with retort, down to base with Alembic
            d.step("alembic", "upgrade", revs.get(rnd.nextInt(revs.size())).id());
            d.step("retort", "upgrade", "heads");
            d.step("alembic", "downgrade", downTarget(d, rnd));
            d.step("retort", "upgrade", revs.get(rnd.nextInt(revs.size())).id());
            d.step("alembic", "upgrade", "heads");
            d.step("retort", "downgrade", downTarget(d, rnd));
            d.step("alembic", "downgrade", "base");
            d.assertOk();
        }
    }

    /** A revision that is applied on the reference database (so the downgrade is valid). */
    private static String downTarget(Duo d, Random rnd) {
        List<String> rows = Db.versionRows(d.reference);
        if (rows.isEmpty()) {
            return "base";
        }
        String row = rows.get(rnd.nextInt(rows.size()));
        Rev r = d.g.rev(row);
        return r.down().isEmpty() ? "base" : r.down().get(0);
    }
}
