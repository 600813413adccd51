package dev.retort.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * retort against real Alembic 1.8.1 on random revision graphs.
 *
 * <p>Each graph (5–25 revisions: chains, branch points, merges of 2–3 parents, several bases,
 * labels, depends_on) is written as an Alembic project ({@code .py}) and as retort SQL revisions
 * ({@code .sql}) with the same ids and file-name order. Then both tools run the same commands,
 * each on its own SQLite file: {@code heads}, {@code heads --resolve-dependencies},
 * {@code branches}, {@code history}, and a random sequence of upgrade / downgrade / stamp to
 * every kind of target (also ones Alembic rejects), offline {@code --sql} ranges, history ranges
 * and {@code history -i}; after every online command {@code current} too. See
 * {@link CompatSession} for what is compared and {@link Normalise} for the only normalisations.
 *
 * <p>Every graph runs on SQLite (two files) and, with fewer graphs and operations, on PostgreSQL
 * (two fresh databases on the test server, Alembic through psycopg2), offline {@code --sql}
 * output included (PostgreSQL: {@code BEGIN;}/{@code COMMIT;}, {@code INSERT ... RETURNING}).
 *
 * <p>System properties: {@code retort.compat.seed} (default 20251206), {@code retort.compat.graphs}
 * (default 14), {@code retort.compat.ops} (operations per graph, default 32),
 * {@code retort.compat.pg.graphs} (default 5), {@code retort.compat.pg.ops} (default 20),
 * {@code retort.compat.dialects} (default {@code sqlite,postgresql}).
 * Run: {@code mvn test -Dtest=AlembicRandomCompatTest -Dretort.compat.seed=7}.
 */
class AlembicRandomCompatTest extends AlembicTestBase {
    static final long DEFAULT_SEED = 20251206L;

    @TempDir
    static Path tmp;

    static long seed() {
        return Long.getLong("retort.compat.seed", DEFAULT_SEED);
    }

    /**
     * {@code -Dretort.compat.exclude=REGEX}: skip generated commands matching REGEX (found in
     * {@code String.join(" ", command)}), to look past a known mismatch, e.g.
     * {@code -Dretort.compat.exclude='^stamp --purge|^history .*:\+'}.
     */
    static java.util.regex.Pattern excluded() {
        String re = System.getProperty("retort.compat.exclude", "");
        return re.isEmpty() ? null : java.util.regex.Pattern.compile(re);
    }

    @TestFactory
    Stream<DynamicTest> randomGraphs() {
        long seed = seed();
        List<DynamicTest> tests = new ArrayList<>();
        if (Dialect.enabled(Dialect.SQLITE)) {
            int graphs = Integer.getInteger("retort.compat.graphs", 14);
            int ops = Integer.getInteger("retort.compat.ops", 32);
            System.err.println("AlembicRandomCompatTest: seed " + seed + " (-Dretort.compat.seed=N), SQLite: "
                    + graphs + " graphs, " + ops + " operations each");
            for (int i = 0; i < graphs; i++) {
                int index = i;
                tests.add(DynamicTest.dynamicTest("graph " + i + " (seed " + seed + ")",
                        () -> runGraph(Dialect.SQLITE, seed, index, ops)));
            }
        }
        if (Dialect.enabled(Dialect.POSTGRESQL)) {
            int graphs = Integer.getInteger("retort.compat.pg.graphs", 5);
            int ops = Integer.getInteger("retort.compat.pg.ops", 20);
            System.err.println("AlembicRandomCompatTest: seed " + seed + ", PostgreSQL: " + graphs + " graphs, " + ops
                    + " operations each (-Dretort.compat.pg.graphs=N -Dretort.compat.pg.ops=N)");
            for (int i = 0; i < graphs; i++) {
                int index = i;
                tests.add(DynamicTest.dynamicTest("postgresql graph " + i + " (seed " + seed + ")",
                        () -> runGraph(Dialect.POSTGRESQL, seed, index, ops)));
            }
        }
        return tests.stream();
    }

    /** The random stream of one graph: independent per graph and dialect, so a graph can be re-run alone. */
    static Random graphRandom(Dialect dialect, long seed, int index) {
        long base = seed * 1_000_003L + index;
        return new Random(dialect == Dialect.SQLITE ? base : base ^ 0x9E3779B97F4A7C15L);
    }

    private void runGraph(Dialect dialect, long seed, int index, int ops) {
        Random rnd = graphRandom(dialect, seed, index);
        int size = 5 + rnd.nextInt(21);
        String name = (dialect == Dialect.SQLITE ? "" : dialect.label() + " ") + "graph " + index + " of seed " + seed;
        Graph g = RandomGraphs.generate(rnd, name, size);
        Path root = tmp.resolve((dialect == Dialect.SQLITE ? "g" : "pg") + index);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProjectWriter.Project p = ProjectWriter.write(g, root);
        CompatSession s = new CompatSession(alembic, g, p, p.sqlDir(), "", dialect);

        // the graph must load in Alembic; otherwise the generator is wrong, not retort
        Outcome heads = s.runAlembic(s.alembicDb(), List.of("heads"));
        if (heads.exit() != 0) {
            fail("generator produced a graph Alembic 1.8.1 cannot load:\n" + g.compact() + "\n" + heads.render());
        }

        s.compare(List.of("heads"));
        s.compare(List.of("heads", "--resolve-dependencies"));
        s.compare(List.of("branches"));
        s.compare(List.of("history"));
        s.compare(List.of("upgrade", "--sql", "base:heads"));
        // offline output on every dialect (PostgreSQL: BEGIN/COMMIT, INSERT ... RETURNING), not only
        // when the random sequence happens to draw it
        s.compare(List.of("downgrade", "--sql", "heads:base"));
        s.compare(List.of("stamp", "--sql", "heads"));
        s.compare(List.of("stamp", "--sql", "base:heads"));

        RandomOps gen = new RandomOps(g, rnd);
        java.util.regex.Pattern exclude = excluded();
        for (int k = 0; k < ops; k++) {
            List<String> cmd = gen.next(); // always drawn, so excluding keeps the rest of the sequence
            if (exclude != null && exclude.matcher(String.join(" ", cmd)).find()) {
                continue;
            }
            s.compare(cmd);
            if (CompatSession.kindOf(cmd) == Normalise.Kind.ONLINE) {
                s.compare(List.of("current"));
            }
        }
        // and always end by going all the way up and down again
        s.compare(List.of("upgrade", "heads"));
        s.compare(List.of("current"));
        s.compare(List.of("history", "-i"));
        s.compare(List.of("downgrade", "base"));
        s.compare(List.of("current"));

        if (!s.mismatches().isEmpty()) {
            String all = String.join("\n", s.mismatches());
            CompatReport.append(getClass().getSimpleName(), all);
            int shown = Math.min(5, s.mismatches().size());
            fail(s.mismatches().size() + " of " + s.operations() + " commands differ from Alembic 1.8.1 on "
                    + g.name() + " (" + dialect.label() + ")" + " (first " + shown + " below; all in " + CompatReport.file() + ")\n"
                    + String.join("\n", s.mismatches().subList(0, shown)));
        }
    }
}
