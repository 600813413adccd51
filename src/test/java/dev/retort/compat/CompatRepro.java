package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Re-runs one reported case (or a hand-shrunk one) on both tools. Does nothing unless
 * {@code retort.compat.repro.graph} is set:
 * <pre>
 * mvn test -Dtest=CompatRepro \
 *   -Dretort.compat.repro.graph='a1 &lt;- base; b1 &lt;- a1 [lib]; c1 &lt;- a1 dep(lib)' \
 *   -Dretort.compat.repro.rows='b1' \
 *   -Dretort.compat.repro.commands='history -r :+1 | stamp --purge head' \
 *   -Dretort.compat.repro.dialect=postgresql
 * </pre>
 * ({@code retort.compat.repro.dialect}: {@code sqlite} (default) or {@code postgresql}.)
 * The graph uses the compact form printed with every mismatch ({@code ;} or newlines between
 * revisions; file-name order = the order given). Rows are written into both databases first.
 * Every command's output from both sides is printed to stderr; the test fails on a difference.
 */
class CompatRepro extends AlembicTestBase {
    private static final Pattern REV = Pattern.compile(
            "\\s*(\\S+)\\s*<-\\s*(\\S+)\\s*(?:\\[([^\\]]*)\\])?\\s*(?:dep\\(([^)]*)\\))?\\s*");

    @TempDir
    Path tmp;

    static Graph parse(String text) {
        List<Rev> revs = new ArrayList<>();
        int i = 0;
        for (String line : text.split("[;\\n]")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = REV.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not 'id <- p1,p2 [l1,l2] dep(d1)': " + line);
            }
            List<String> down = m.group(2).equals("base") ? List.of() : List.of(m.group(2).split(","));
            List<String> labels = m.group(3) == null ? List.of() : List.of(m.group(3).split(","));
            List<String> deps = m.group(4) == null ? List.of() : List.of(m.group(4).split(","));
            String id = m.group(1);
            revs.add(new Rev(id, String.format("%02d_%s", i++, id), "rev " + id, down, labels, deps));
        }
        return new Graph("repro", revs);
    }

    @Test
    void repro() throws IOException {
        String graph = System.getProperty("retort.compat.repro.graph");
        Assumptions.assumeTrue(graph != null, "set -Dretort.compat.repro.graph to re-run a case");
        Graph g = parse(graph);
        String rows = System.getProperty("retort.compat.repro.rows", "");
        String commands = System.getProperty("retort.compat.repro.commands", "heads | history");
        Path root = tmp.resolve("repro");
        Files.createDirectories(root);
        ProjectWriter.Project p = ProjectWriter.write(g, root);
        Dialect dialect = Dialect.valueOf(System.getProperty("retort.compat.repro.dialect", "sqlite").toUpperCase(java.util.Locale.ROOT));
        CompatSession s = new CompatSession(alembic, g, p, p.sqlDir(), "repro", dialect);
        List<String> r = rows.isBlank() ? List.of() : Arrays.asList(rows.trim().split("[,\\s]+"));
        if (!r.isEmpty()) {
            Db.setVersionRows(s.alembicDb(), r);
            Db.setVersionRows(s.retortDb(), r);
        }
        System.err.println("graph:\n" + g.compact() + "\nrows: " + Graph.join(r));
        for (String c : commands.split("\\|")) {
            List<String> cmd = List.of(c.trim().split("\\s+"));
            s.compare(cmd);
            System.err.println("$ " + c.trim() + "\n" + s.lastAlembic().render() + s.lastRetort().render()
                    + "  rows now: alembic " + Graph.join(Db.versionRows(s.alembicDb())) + ", retort "
                    + Graph.join(Db.versionRows(s.retortDb())));
        }
        if (!s.mismatches().isEmpty()) {
            fail(String.join("\n", s.mismatches()));
        }
    }
}
