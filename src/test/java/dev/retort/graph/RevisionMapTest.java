package dev.retort.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the graph gives callers outside it: typed targets and one error type. */
class RevisionMapTest {
    private static Revision file(String id, String... down) {
        return new Revision(id, List.of(down), List.of(), List.of(), "", Path.of("revisions", id + ".sql").toString(), Path.of("revisions", id + ".sql"),
                List.of(), List.of(), true, false);
    }

    @Test
    void aLoadErrorIsARetortExceptionNamingTheFilesOfItsRevisions() {
        RetortException e = assertThrows(RetortException.class,
                () -> new RevisionMap(List.of(file("a", "c"), file("b", "a"), file("c", "b"))));
        assertEquals("Cycle is detected in revisions (a, b, c); files: " + Path.of("revisions", "a.sql") + ", "
                + Path.of("revisions", "b.sql") + ", " + Path.of("revisions", "c.sql")
                + ". Fix the revision files' Revises / Depends On / Branch Labels headers.", e.getMessage());
    }

    @Test
    void resolutionErrorsAreRetortExceptionsWithAlembicsCommandText() {
        RevisionMap map = new RevisionMap(List.of(file("a1b2"), file("c3d4", "a1b2")));
        assertThrows(RetortException.class, () -> map.getRevisions(Target.of("zz")));
        RetortException e = assertThrows(RetortException.class, () -> Queries.resolve(map, Target.of("zz")));
        assertEquals("Can't locate revision identified by 'zz'", e.getMessage());
        assertEquals(List.of("c3d4", "a1b2"), Queries.resolve(map, Target.of(List.of("c3d4", "a1"))).stream()
                .map(Node::id).toList());
    }

    @Test
    void aRevisionIdMayNotHoldTheCharactersTheReadersRefuse() {
        RetortException e = assertThrows(RetortException.class, () -> new RevisionMap(List.of(file("a:b"))));
        assertEquals("Character(s) ':' not allowed in revision identifier 'a:b'", e.getMessage().split("; files")[0]);
        e = assertThrows(RetortException.class, () -> Queries.checkRevisionId("a-b:c"));
        assertEquals("Character(s) '-, :' not allowed in revision identifier 'a-b:c'", e.getMessage());
    }

    @Test
    void targetsPrintAsPythonPrintsTheValueAlembicWasGiven() {
        assertEquals("('a',)", Target.of(List.of("a")).pyStr());
        assertEquals("('a', 'b')", Target.of(List.of("a", "b")).pyStr());
        assertEquals("heads", Target.of("heads").pyStr());
        assertSame(Target.NONE, Target.of((String) null));
        assertEquals(List.of(), Target.NONE.tuple());
    }

    @Test
    void aRangeFromABranchBaseWhoseDependentIsNotItsDescendantIsListedNotAnInternalError() {
        // lib is a second base; 5555 depends on lib: the range lib: is lib's base alone (Alembic 1.8.1 computes
        // the same set, then fails an assertion ordering it: the heads it starts from don't reach it)
        Revision lib = new Revision("4444", List.of(), List.of("lib"), List.of(), "", "revisions/4444.sql",
                Path.of("revisions", "4444.sql"), List.of(), List.of(), true, false);
        Revision p = new Revision("5555", List.of("1111"), List.of(), List.of("lib"), "", "revisions/5555.sql",
                Path.of("revisions", "5555.sql"), List.of(), List.of(), true, false);
        RevisionMap map = new RevisionMap(List.of(file("a1b2"), file("1111", "a1b2"), file("2222", "a1b2"), lib, p));
        assertEquals(List.of("4444"), Queries.history(map, Target.of("lib"), Target.of("heads")).stream()
                .map(Node::id).toList());
        assertEquals(List.of("4444"), Queries.history(map, Target.of("4444"), Target.of("heads")).stream()
                .map(Node::id).toList());
    }
}
