package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.api.Settings;
import dev.retort.config.FileSettings;
import dev.retort.config.Precedence;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI hands every resolved setting to the builder (config itself knows no Retort). */
class SettingsHandOverTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void everySettingReachesTheBuilder(@TempDir Path dir) {
        FileSettings file = new FileSettings("sqlite:///file.db", null, "file_table", "file_schema", 1_000L, true,
                4_000L, true, Path.of("/p/retort.yaml"));
        Precedence.Resolved r = Precedence.resolve(file, Map.of(),
                new Precedence.CliValues(null, fs(dir), null, null, null, null));
        Settings s = Main.builder(r, Command.Needs.DATABASE, NOWHERE).load().settings();
        assertEquals("sqlite:///file.db", s.url());
        assertEquals(List.of("filesystem:" + dir), s.locations());
        assertEquals("file_table", s.versionTable());
        assertEquals("file_schema", s.versionTableSchema());
        assertEquals(Duration.ofSeconds(1), s.lockTimeout());
        assertTrue(s.singleTransaction());
        assertEquals(Duration.ofSeconds(4), s.waitTimeout());
        assertTrue(s.sqliteWal());
    }

    @Test
    void aBadUrlFailsOnlyTheCommandsThatUseTheDatabase(@TempDir Path dir) {
        // Alembic's alembic.ini template has this placeholder: heads and history must still work
        FileSettings ini = new FileSettings("driver://user:pass@localhost/dbname", null, null, null, null, null,
                Path.of("/p/alembic.ini"));
        Precedence.Resolved r = Precedence.resolve(ini, Map.of(),
                new Precedence.CliValues(null, fs(dir), null, null, null, null));
        RetortException e = assertThrows(RetortException.class,
                () -> Main.builder(r, Command.Needs.DATABASE, NOWHERE));
        assertTrue(e.getMessage().startsWith("/p/alembic.ini: sqlalchemy.url: "), e.getMessage());
        Retort retort = Main.builder(r, Command.Needs.REVISIONS, NOWHERE).load();
        assertEquals(List.of(), retort.heads(false));
        assertEquals("driver://user:XXXXX@localhost/dbname", retort.settings().url()); // as given, masked
        e = assertThrows(RetortException.class, retort::currentRows);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("Unsupported database 'driver'"), e.getMessage());
    }

    /** Filesystem locations, as the settings hold directories. */
    private static List<dev.retort.script.Location> fs(Path... dirs) {
        return java.util.Arrays.stream(dirs).map(dev.retort.script.Location::of).toList();
    }
}
