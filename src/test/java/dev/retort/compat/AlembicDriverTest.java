package dev.retort.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.compat.Graph.Rev;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-lived driver behaves like {@code python3 -m alembic}: a new Config and revision map
 * per call (files added or rewritten between calls are seen, even within the same second),
 * sorted file listing, exit codes 0 / 255 / 1 / 2.
 */
class AlembicDriverTest extends AlembicTestBase {
    @TempDir
    Path tmp;

    private static Rev rev(String stem, String id, String... down) {
        return new Rev(id, stem, "rev " + id, List.of(down), List.of(), List.of());
    }

    @Test
    void eachCallSeesTheFilesAsTheyAreNow() {
        ProjectWriter.Project p = ProjectWriter.skeleton(tmp);
        ProjectWriter.writeString(p.versions().resolve("01_a.py"), ProjectWriter.pythonRevision(rev("01_a", "aaaa")));
        List<String> heads = List.of("-c", p.ini().toString(), "heads");
        assertEquals("aaaa (head)\n", alembic.run(p.root(), heads).stdout());

        ProjectWriter.writeString(p.versions().resolve("02_b.py"), ProjectWriter.pythonRevision(rev("02_b", "bbbb", "aaaa")));
        assertEquals("bbbb (head)\n", alembic.run(p.root(), heads).stdout());

        // rewritten in place, same second, same size: no stale bytecode may be used
        ProjectWriter.writeString(p.versions().resolve("02_b.py"), ProjectWriter.pythonRevision(rev("02_b", "cccc", "aaaa")));
        assertEquals("cccc (head)\n", alembic.run(p.root(), heads).stdout());
    }

    @Test
    void listingIsSortedByFileName() {
        ProjectWriter.Project p = ProjectWriter.skeleton(tmp);
        // three bases: `heads` prints them in map order, which must be file-name order
        for (String stem : List.of("c_3", "a_1", "b_2", "e_5", "d_4")) {
            ProjectWriter.writeString(p.versions().resolve(stem + ".py"),
                    ProjectWriter.pythonRevision(rev(stem, "r" + stem.substring(2) + "xxxx")));
        }
        assertEquals("r1xxxx (head)\nr2xxxx (head)\nr3xxxx (head)\nr4xxxx (head)\nr5xxxx (head)\n",
                alembic.run(p.root(), List.of("-c", p.ini().toString(), "heads")).stdout());
    }

    @Test
    void exitCodes() {
        ProjectWriter.Project p = ProjectWriter.skeleton(tmp);
        ProjectWriter.writeString(p.versions().resolve("01_a.py"), ProjectWriter.pythonRevision(rev("01_a", "aaaa")));
        String ini = p.ini().toString();
        AlembicDriver.Result bad = alembic.run(p.root(), List.of("-c", ini, "show", "zzzz"));
        assertEquals(255, bad.exit());
        assertEquals("FAILED: Can't locate revision identified by 'zzzz'\n", bad.stdout());
        assertEquals(2, alembic.run(p.root(), List.of("-c", ini, "downgrade")).exit());
        // a down revision that does not exist: KeyError with a traceback
        ProjectWriter.writeString(p.versions().resolve("02_b.py"), ProjectWriter.pythonRevision(rev("02_b", "bbbb", "nope")));
        AlembicDriver.Result crash = alembic.run(p.root(), List.of("-c", ini, "heads"));
        assertEquals(1, crash.exit(), crash.stderr());
    }
}
