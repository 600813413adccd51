package dev.retort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Defaults;
import dev.retort.api.RetortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitTest {
    @TempDir
    Path dir;

    @Test
    void createsConfigAndRevisionsThenRefuses() throws IOException {
        List<Path> created = Init.init(dir);
        Path yaml = dir.resolve("retort.yaml");
        Path revisions = dir.resolve("revisions");
        assertEquals(List.of(yaml, revisions, revisions.resolve(".gitkeep")), created);
        assertTrue(Files.isDirectory(revisions));
        assertEquals(Init.TEMPLATE, Files.readString(yaml));

        // the file it writes reads back as the defaults
        FileSettings s = ConfigFile.load(dir, null);
        assertEquals(Defaults.URL, s.url());
        assertEquals(fs(revisions), s.revisionDirs());
        Precedence.Resolved r = Precedence.resolve(s, Map.of(), Precedence.CliValues.none());
        assertEquals(600_000L, r.lockTimeoutMillis());
        assertEquals("alembic_version", r.versionTable());

        Files.writeString(yaml, "url: sqlite:///mine.db\n");
        RetortException e = assertThrows(RetortException.class, () -> Init.init(dir));
        assertEquals(2, e.exitCode());
        assertEquals(yaml + " already exists; not overwriting it", e.getMessage());
        assertEquals("url: sqlite:///mine.db\n", Files.readString(yaml), "untouched");
    }

    /** In an Alembic project a retort.yaml would silently take over from alembic.ini (URL, script_location). */
    @Test
    void refusesBesideAnAlembicIni() throws IOException {
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        RetortException e = assertThrows(RetortException.class, () -> Init.init(dir));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("alembic.ini is here, and retort reads it as it is"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("retort.yaml")));
    }

    @Test
    void keepsAnExistingRevisionsDirectory() throws IOException {
        Path revisions = Files.createDirectory(dir.resolve("revisions"));
        Files.writeString(revisions.resolve("a.sql"), "-- x\n");
        assertEquals(List.of(dir.resolve("retort.yaml")), Init.init(dir));
        assertEquals(List.of(revisions.resolve("a.sql")), Files.list(revisions).toList());
    }

    @Test
    void createsAMissingProjectDirectoryAndRefusesARevisionsFile() throws IOException {
        Path project = dir.resolve("new/project");
        assertEquals(project, Init.init(project).get(0));
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("revisions"), "");
        RetortException e = assertThrows(RetortException.class, () -> Init.init(other));
        assertEquals(2, e.exitCode());
        assertTrue(Files.notExists(other.resolve("retort.yaml")), "nothing written");
    }

    /** Filesystem locations, as the settings hold directories. */
    private static List<dev.retort.script.Location> fs(Path... dirs) {
        return java.util.Arrays.stream(dirs).map(dev.retort.script.Location::of).toList();
    }
}
