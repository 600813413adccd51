package dev.retort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ddl_lock_timeout and ddl_retries: flags > environment > retort.yaml > defaults (5 s, 10). */
class DdlSettingsTest {
    private static final Path FILE = Path.of("/p/retort.yaml");

    @Test
    void defaultsThenFileThenEnvironmentThenFlags() {
        FileSettings none = FileSettings.empty();
        Precedence.Resolved r = Precedence.resolve(none, Map.of(), Precedence.CliValues.none());
        assertEquals(5_000, r.ddlLockTimeoutMillis());
        assertEquals(10, r.ddlRetries());

        FileSettings file = ConfigFile.yaml("ddl_lock_timeout: 1.5\nddl_retries: 3\n", FILE, "retort.yaml");
        r = Precedence.resolve(file, Map.of(), Precedence.CliValues.none());
        assertEquals(1_500, r.ddlLockTimeoutMillis());
        assertEquals(3, r.ddlRetries());
        assertEquals("/p/retort.yaml: ddl_lock_timeout", r.sources().get("ddl_lock_timeout"));

        Map<String, String> env = Map.of("RETORT_DDL_LOCK_TIMEOUT", "0", "RETORT_DDL_RETRIES", "4");
        r = Precedence.resolve(file, env, Precedence.CliValues.none());
        assertEquals(0, r.ddlLockTimeoutMillis(), "0 turns it off");
        assertEquals(4, r.ddlRetries());

        r = Precedence.resolve(file, env, new Precedence.CliValues(null, List.of(), null, null, null, null, 2_000L, 1));
        assertEquals(2_000, r.ddlLockTimeoutMillis());
        assertEquals(1, r.ddlRetries());
        assertEquals("--ddl-retries", r.sources().get("ddl_retries"));
    }

    @Test
    void badValuesNameTheirSource() {
        RetortException e = assertThrows(RetortException.class, () -> Precedence.resolve(FileSettings.empty(),
                Map.of("RETORT_DDL_RETRIES", "many"), Precedence.CliValues.none()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("RETORT_DDL_RETRIES: 'many' is not a valid number of retries"), e.getMessage());
        e = assertThrows(RetortException.class, () -> ConfigFile.yaml("ddl_retries: 1.5\n", FILE, "retort.yaml"));
        assertTrue(e.getMessage().startsWith("retort.yaml:1: ddl_retries: expected a whole number"), e.getMessage());
        e = assertThrows(RetortException.class, () -> ConfigFile.yaml("ddl_lock_timeout: -1\n", FILE, "retort.yaml"));
        assertTrue(e.getMessage().contains("ddl_lock_timeout: '-1' is not a valid lock timeout"), e.getMessage());
    }
}
