package dev.retort.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness's normalisations remove set orders and nothing else (runs without Alembic). */
class NormaliseTest {
    private static final Set<String> LABELS = Set.of("feat", "feat2", "libA", "libB");

    @Test
    void labelGroupsAfterTheArrowAreSortedDependencyGroupsAreNot() {
        assertEquals("9b8c (libB, libA) -> b7e6 (feat, libA) (branchpoint), doc (x)",
                Normalise.labelLists("9b8c (libB, libA) -> b7e6 (libA, feat) (branchpoint), doc (x)", LABELS));
        assertEquals("e0f1 (feat, libA, libB) (head)", Normalise.labelLists("e0f1 (libB, feat, libA) (head)", LABELS));
        assertEquals("Branch names: feat, libA", Normalise.labelLists("Branch names: libA, feat", LABELS));
        assertEquals("Branches into: a, b", Normalise.labelLists("Branches into: b, a", LABELS));
        // a group that is not made of labels only keeps its order
        assertEquals("x (libB, zz)", Normalise.labelLists("x (libB, zz)", LABELS));
    }

    @Test
    void branchChildrenAreSortedWithTheirContinuationLines() {
        String alembic = "b (branchpoint)\n  -> d, line one\nline two\n  -> c, doc\n\nx (branchpoint)\n  -> z\n  -> y\n\n";
        String other = "b (branchpoint)\n  -> c, doc\n  -> d, line one\nline two\n\nx (branchpoint)\n  -> y\n  -> z\n\n";
        assertEquals(Normalise.branchChildren(alembic), Normalise.branchChildren(other));
        assertNotEquals(Normalise.branchChildren(alembic), Normalise.branchChildren(other.replace("-> y", "-> w")));
    }

    @Test
    void offlineRangesStartFromUnprintedRows() {
        String a = "UPDATE alembic_version SET version_num='m' WHERE alembic_version.version_num = 'x';\n\n"
                + "-- Running upgrade p, q -> r\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'p';\n\n"
                + "UPDATE alembic_version SET version_num='r' WHERE alembic_version.version_num = 'q';\n\n";
        String b = "UPDATE alembic_version SET version_num='m' WHERE alembic_version.version_num = 'x';\n\n"
                + "-- Running upgrade p, q -> r\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'q';\n\n"
                + "UPDATE alembic_version SET version_num='r' WHERE alembic_version.version_num = 'p';\n\n";
        java.util.Set<String> initial = new java.util.TreeSet<>(Normalise.inferInitialRows(a));
        initial.addAll(Normalise.inferInitialRows(b));
        assertEquals(java.util.Set.of("p", "q", "x"), initial);
        assertEquals(Normalise.offlineCanonical(a, initial), Normalise.offlineCanonical(b, initial));
    }

    @Test
    void setOrderedFailedMessagesAreSorted() {
        assertEquals(Normalise.failedMessage("Requested revision x overlaps with other requested revisions a, b"),
                Normalise.failedMessage("Requested revision y overlaps with other requested revisions b, x"));
        assertEquals("Requested range c:('a', 'b') does not refer to ancestor/descendant revisions along the same branch",
                Normalise.failedMessage("Requested range c:('b', 'a') does not refer to ancestor/descendant revisions along the same branch"));
        assertEquals("Can't locate revision identified by 'x'", Normalise.failedMessage("Can't locate revision identified by 'x'"));
    }

    @Test
    void currentLinesAreSorted() {
        assertEquals("a (head)\nb (effective head)\n", Normalise.sortedLines("b (effective head)\na (head)\n"));
    }

    @Test
    void offlineMergeRowChoiceIsNormalisedButResultsAreNot() {
        String alembic = "-- Running upgrade c1, c2 -> d\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'c1';\n\n"
                + "UPDATE alembic_version SET version_num='d' WHERE alembic_version.version_num = 'c2';\n\n";
        String swapped = "-- Running upgrade c1, c2 -> d\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'c2';\n\n"
                + "UPDATE alembic_version SET version_num='d' WHERE alembic_version.version_num = 'c1';\n\n";
        String start = "INSERT INTO alembic_version (version_num) VALUES ('c1');\n\nINSERT INTO alembic_version (version_num) VALUES ('c2');\n\n";
        assertEquals(Normalise.offlineCanonical(start + alembic), Normalise.offlineCanonical(start + swapped));
        String wrong = "-- Running upgrade c1, c2 -> d\n\nUPDATE alembic_version SET version_num='d' WHERE alembic_version.version_num = 'c1';\n\n";
        assertNotEquals(Normalise.offlineCanonical(start + alembic), Normalise.offlineCanonical(start + wrong));
        assertEquals(List.of("INSERT INTO alembic_version VALUES ('x');"),
                Normalise.nonAlembicVersionStatements("INSERT INTO alembic_version VALUES ('x');\n\n" + alembic));
    }
}
