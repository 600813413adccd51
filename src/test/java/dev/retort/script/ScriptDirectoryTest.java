package dev.retort.script;

import dev.retort.api.RetortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptDirectoryTest {
    @TempDir
    Path root;

    private static Path sql(Path dir, String name, String id, String revises) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: "
                + revises + "\n\n-- retort:upgrade\n\n-- retort:downgrade\n");
    }

    private static Path py(Path dir, String name, String id, String down) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), "\"\"\"" + id + "\"\"\"\nrevision = '" + id
                + "'\ndown_revision = " + down + "\n");
    }

    private static List<String> ids(List<Revision> revisions) {
        return revisions.stream().map(Revision::id).toList();
    }

    @Test
    void loadsFilesInFileNameOrderWithinEachDirectoryAndDirectoriesInTheOrderGiven() throws IOException {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        sql(b, "b2_rev.sql", "b2", "");
        sql(a, "c2_rev.sql", "c2", "");
        py(a, "a_rev.py", "a", "None");
        sql(a, "B1_rev.sql", "B1", "");          // upper case sorts before lower case
        py(b, "a9_rev.py", "a9", "None");
        assertEquals(List.of("B1", "a", "c2", "a9", "b2"), ids(ScriptDirectory.load(List.of(a, b))));
        assertEquals(List.of("a9", "b2", "B1", "a", "c2"), ids(ScriptDirectory.load(List.of(b, a))));
    }

    @Test
    void sqlAndPythonRevisionsAreReadByTheirReaders() throws IOException {
        sql(root, "s1_x.sql", "s1", "p1");
        py(root, "p1_x.py", "p1", "None");
        List<Revision> revisions = ScriptDirectory.load(List.of(root));
        assertEquals(List.of("p1", "s1"), ids(revisions));
        assertTrue(revisions.get(0).python());
        assertEquals(List.of("p1"), revisions.get(1).downRevisions());
        assertEquals(root.resolve("s1_x.sql"), revisions.get(1).file());
    }

    @Test
    void followsAlembicsCandidateRuleForPythonFiles() throws IOException {
        py(root, "r1.py", "r1", "None");
        py(root, ".hidden.py", "hidden", "None");          // loaded, as by Alembic
        Files.writeString(root.resolve("__init__.py"), "");
        Files.writeString(root.resolve("__init__helper.py"), "x = 1\n");
        Files.writeString(root.resolve(".#r1.py"), "broken");
        Files.writeString(root.resolve(".#r1.sql"), "broken");
        Files.writeString(root.resolve("notes.txt"), "x");
        Files.writeString(root.resolve("r1.py~"), "x");
        Files.writeString(root.resolve("r1.pyc"), "x");
        Files.createDirectories(root.resolve("__pycache__"));
        sql(root.resolve("sub"), "s1.sql", "s1", "");      // not descended
        Files.createDirectories(root.resolve("dir.sql"));  // a directory, not a file
        Files.createDirectories(root.resolve("dir.py"));
        assertEquals(List.of("hidden", "r1"), ids(ScriptDirectory.load(List.of(root))));
    }

    @Test
    void aHelperModuleBreaksLoadingAsInAlembic() throws IOException {
        py(root, "r1.py", "r1", "None");
        Files.writeString(root.resolve("helper.py"), "def f():\n    pass\n");
        RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(List.of(root)));
        assertTrue(e.getMessage().startsWith("Could not determine revision id from filename helper.py."), e.getMessage());
    }

    @Test
    void theSameDirectoryGivenTwiceIsLoadedOnce() throws IOException {
        Path a = root.resolve("a");
        sql(a, "r1.sql", "r1", "");
        Path link = Files.createSymbolicLink(root.resolve("link"), a);
        assertEquals(List.of("r1"), ids(ScriptDirectory.load(List.of(a, root.resolve("a/../a"), link))));
    }

    @Test
    void aFileLinkedIntoASecondDirectoryIsLoadedOnce() throws IOException {
        Path a = root.resolve("a");
        Path b = Files.createDirectories(root.resolve("b"));
        Path f = sql(a, "r1.sql", "r1", "");
        Files.createSymbolicLink(b.resolve("r1.sql"), f);
        List<Revision> revisions = ScriptDirectory.load(List.of(a, b));
        assertEquals(List.of("r1"), ids(revisions));
        assertEquals(f, revisions.get(0).file());
    }

    @Test
    void aMissingDirectoryIsAUsageErrorSayingWhatALocationCanBe() {
        Path missing = root.resolve("x/../migrations");
        RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(List.of(missing)));
        // no 'init' command: an application using the API has none (the command line says Alembic's words)
        assertEquals("Path doesn't exist: '" + root.resolve("migrations").toAbsolutePath()
                + "'. Create the directory, or give where the revision files are: a directory on disk, or"
                + " classpath:PATH for a directory on the class path.", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    /** Flyway's users write a class-path directory without a prefix; retort reads it as a directory, and says so. */
    @Test
    void aMissingRelativeDirectoryThatIsOnTheClassPathSuggestsTheClasspathLocation() throws IOException {
        Path classes = root.resolve("classes");
        sql(classes.resolve("retort-hint-test/revisions"), "r1.sql", "r1", "");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                null)) {
            RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(
                    List.of(Location.parse("./retort-hint-test/revisions")), loader));
            assertEquals("Path doesn't exist: '" + Path.of("retort-hint-test/revisions").toAbsolutePath()
                    + "'. A location without a prefix is a directory on disk; 'retort-hint-test/revisions' is on"
                    + " the class path: give it as classpath:retort-hint-test/revisions.", e.getMessage());
            assertEquals(List.of("r1"), ids(ScriptDirectory.load(
                    List.of(Location.parse("classpath:retort-hint-test/revisions")), loader)));
        }
    }

    @Test
    void aFileInsteadOfADirectoryIsAUsageError() throws IOException {
        Path f = Files.writeString(root.resolve("file"), "");
        RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(List.of(f)));
        assertEquals(2, e.exitCode());
    }

    @Test
    void duplicateRevisionIdsAreAnErrorNamingBothFiles() throws IOException {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        Path first = sql(a, "r1_one.sql", "r1", "");
        Path second = py(b, "r1_two.py", "r1", "None");
        RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(List.of(a, b)));
        assertEquals("Revision r1 is present more than once: in " + first + " and in " + second
                + "; give each revision its own id", e.getMessage());
    }

    @Test
    void anEmptyDirectoryHasNoRevisions() {
        assertEquals(List.of(), ScriptDirectory.load(List.of(root)));
        assertEquals(List.of(), ScriptDirectory.load(List.of()));
    }

    @Test
    void aBadFileStopsLoadingWithItsOwnError() throws IOException {
        sql(root, "a.sql", "a", "");
        Path bad = Files.writeString(root.resolve("b.sql"), "-- m\n-- Revises:\n");
        RetortException e = assertThrows(RetortException.class, () -> ScriptDirectory.load(List.of(root)));
        assertTrue(e.getMessage().startsWith(bad + ":1: "), e.getMessage());
    }

    @Test
    void theReturnedListIsUnmodifiable() throws IOException {
        sql(root, "a.sql", "a", "");
        List<Revision> revisions = ScriptDirectory.load(List.of(root));
        assertThrows(UnsupportedOperationException.class, () -> revisions.add(revisions.get(0)));
    }
}
