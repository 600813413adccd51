package dev.retort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.Defaults;
import dev.retort.api.RetortException;
import dev.retort.config.Precedence.CliValues;
import dev.retort.config.Precedence.Resolved;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecedenceTest {
    private static final Path SOURCE = Path.of("/p/retort.yaml");
    private static final FileSettings FILE = new FileSettings("sqlite:///file.db", fs(Path.of("/p/file-revs")),
            "file_table", "file_schema", 1_000L, true, SOURCE);
    private static final Map<String, String> ENV = Map.of(
            "DATABASE_URL", "sqlite:///env.db",
            "RETORT_REVISIONS", "env-a:env-b",
            "RETORT_VERSION_TABLE", "env_table",
            "RETORT_VERSION_TABLE_SCHEMA", "env_schema",
            "RETORT_LOCK_TIMEOUT", "2",
            "RETORT_TRANSACTION_MODE", "per-revision");
    private static final CliValues FLAGS = new CliValues("sqlite:///flag.db", fs(Path.of("flag-revs")),
            "flag_table", "flag_schema", 3_000L, true);

    @Test
    void defaultsWhenNothingIsGiven() {
        Resolved r = Precedence.resolve(FileSettings.empty(), Map.of(), CliValues.none());
        assertEquals(Defaults.URL, r.url());
        assertEquals(fs(Path.of("revisions")), r.revisionDirs());
        assertEquals("alembic_version", r.versionTable());
        assertNull(r.versionTableSchema());
        assertEquals(600_000L, r.lockTimeoutMillis());
        assertFalse(r.singleTransaction());
        r.sources().values().forEach(v -> assertEquals("default", v));
    }

    @Test
    void fileBeatsDefaults() {
        Resolved r = Precedence.resolve(FILE, Map.of(), CliValues.none());
        assertEquals("sqlite:///file.db", r.url());
        assertEquals(fs(Path.of("/p/file-revs")), r.revisionDirs());
        assertEquals("file_table", r.versionTable());
        assertEquals("file_schema", r.versionTableSchema());
        assertEquals(1_000L, r.lockTimeoutMillis());
        assertTrue(r.singleTransaction());
        assertEquals("/p/retort.yaml: url", r.sources().get("url"));
        assertEquals("/p/retort.yaml: revisions", r.sources().get("revisions"));
    }

    @Test
    void environmentLocationsKeepTheirPrefixes() {
        List<dev.retort.script.Location> expected = java.io.File.pathSeparatorChar == ':'
                ? List.of(new dev.retort.script.Location.Classpath("db/revisions"), dev.retort.script.Location.of(
                        Path.of("/abs/revs")), dev.retort.script.Location.of(Path.of("plain")))
                : List.of();
        if (!expected.isEmpty()) {
            Resolved r = Precedence.resolve(FileSettings.empty(),
                    Map.of("RETORT_REVISIONS", "classpath:db/revisions:filesystem:/abs/revs:plain"), CliValues.none());
            assertEquals(expected, r.revisionDirs());
        }
        RetortException e = assertThrows(RetortException.class, () -> Precedence.resolve(FileSettings.empty(),
                Map.of("RETORT_REVISIONS", "classpath:/"), CliValues.none()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("RETORT_REVISIONS: 'classpath:/' names no directory"), e.getMessage());
    }

    @Test
    void envBeatsFile() {
        Resolved r = Precedence.resolve(FILE, ENV, CliValues.none());
        assertEquals("sqlite:///env.db", r.url());
        assertEquals(fs(Path.of("env-a"), Path.of("env-b")), r.revisionDirs());
        assertEquals("env_table", r.versionTable());
        assertEquals("env_schema", r.versionTableSchema());
        assertEquals(2_000L, r.lockTimeoutMillis());
        assertFalse(r.singleTransaction(), "RETORT_TRANSACTION_MODE=per-revision beats the file's single");
        assertEquals(Map.of("url", "DATABASE_URL", "revisions", "RETORT_REVISIONS",
                "version_table", "RETORT_VERSION_TABLE", "version_table_schema", "RETORT_VERSION_TABLE_SCHEMA",
                "lock_timeout", "RETORT_LOCK_TIMEOUT", "transaction_mode", "RETORT_TRANSACTION_MODE",
                "wait_timeout", "default", "sqlite_wal", "default", "ddl_lock_timeout", "default",
                "ddl_retries", "default"), r.sources());
    }

    @Test
    void flagsBeatEnv() {
        Resolved r = Precedence.resolve(FILE, ENV, FLAGS);
        assertEquals("sqlite:///flag.db", r.url());
        assertEquals(fs(Path.of("flag-revs")), r.revisionDirs(), "lists are replaced, not merged");
        assertEquals("flag_table", r.versionTable());
        assertEquals("flag_schema", r.versionTableSchema());
        assertEquals(3_000L, r.lockTimeoutMillis());
        assertTrue(r.singleTransaction());
        assertEquals("--url", r.sources().get("url"));
    }

    @Test
    void eachFieldIsResolvedOnItsOwn() {
        Map<String, String> env = Map.of("RETORT_LOCK_TIMEOUT", "7", "RETORT_VERSION_TABLE", " ");
        CliValues flags = new CliValues(null, List.of(), "flag_table", null, null, null);
        FileSettings file = new FileSettings(null, null, null, "file_schema", null, true, SOURCE);
        Resolved r = Precedence.resolve(file, env, flags);
        assertEquals(Defaults.URL, r.url());
        assertEquals(fs(Path.of("revisions")), r.revisionDirs());
        assertEquals("flag_table", r.versionTable());
        assertEquals("file_schema", r.versionTableSchema());
        assertEquals(7_000L, r.lockTimeoutMillis());
        assertTrue(r.singleTransaction());
        // a blank variable counts as unset
        assertEquals("alembic_version",
                Precedence.resolve(FileSettings.empty(), env, CliValues.none()).versionTable());
    }

    @Test
    void composedEnvironmentUrlBeatsTheFile() {
        Map<String, String> env = Map.of("DATABASE_TYPE", "postgresql", "DATABASE_USER", "app",
                "DATABASE_HOST", "db", "DATABASE_NAME", "shop");
        Resolved r = Precedence.resolve(FILE, env, CliValues.none());
        assertEquals("postgresql://app@db/shop", r.url());
        assertEquals("DATABASE_TYPE", r.sources().get("url"));
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("RETORT_LOCK_TIMEOUT", "ten");
        RetortException e = assertThrows(RetortException.class,
                () -> Precedence.resolve(FileSettings.empty(), env, CliValues.none()));
        assertEquals(2, e.exitCode());
        assertEquals("RETORT_LOCK_TIMEOUT: expected a number of seconds, not 'ten'", e.getMessage());
        env.put("RETORT_LOCK_TIMEOUT", "-3");
        assertTrue(assertThrows(RetortException.class,
                () -> Precedence.resolve(FileSettings.empty(), env, CliValues.none())).getMessage()
                .startsWith("RETORT_LOCK_TIMEOUT: '-3' is not a valid lock timeout"));
        env.clear();
        env.put("RETORT_TRANSACTION_MODE", "all");
        assertEquals("RETORT_TRANSACTION_MODE: 'all' is not a valid transaction mode; expected 'per-revision' or"
                + " 'single'", assertThrows(RetortException.class,
                        () -> Precedence.resolve(FileSettings.empty(), env, CliValues.none())).getMessage());
        // a flag makes the variable irrelevant
        assertEquals(1L, Precedence.resolve(FileSettings.empty(), Map.of("RETORT_LOCK_TIMEOUT", "ten"),
                new CliValues(null, null, null, null, 1L, null)).lockTimeoutMillis());
    }

    @Test
    void lockTimeoutParsing() {
        assertEquals(1500L, Precedence.parseSeconds("1.5", "--lock-timeout", "lock timeout"));
        assertEquals(0L, Precedence.parseSeconds("0", "--lock-timeout", "lock timeout"));
        for (String bad : new String[] {"NaN", "Infinity", "10f", "1e12", ""}) {
            RetortException e = assertThrows(RetortException.class,
                    () -> Precedence.parseSeconds(bad, "--lock-timeout", "lock timeout"), bad);
            assertTrue(e.getMessage().startsWith("--lock-timeout: "), e.getMessage());
        }
    }

    @Test
    void aBadUrlSaysWhereItCameFrom() {
        FileSettings ini = new FileSettings("driver://user:pass@localhost/dbname", null, null, null, null, null,
                Path.of("/p/alembic.ini"));
        Resolved r = Precedence.resolve(ini, Map.of(), CliValues.none());
        RetortException e = assertThrows(RetortException.class, r::databaseUrl);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("/p/alembic.ini: sqlalchemy.url: Unsupported database 'driver'"),
                e.getMessage());
        assertFalse(e.getMessage().contains("pass@"), "the password is masked");
        assertEquals("postgresql://app@db/shop",
                Precedence.resolve(ini, Map.of("DATABASE_URL", "postgresql://app@db/shop"), CliValues.none())
                        .databaseUrl().display());
    }

    @Test
    void waitTimeoutAndSqliteWalFollowTheSameOrder() {
        Resolved d = Precedence.resolve(FileSettings.empty(), Map.of(), CliValues.none());
        assertEquals(0L, d.waitTimeoutMillis());
        assertFalse(d.sqliteWal());
        assertEquals("default", d.sources().get("wait_timeout"));
        assertEquals("default", d.sources().get("sqlite_wal"));

        FileSettings file = new FileSettings(null, null, null, null, null, null, 5_000L, true, SOURCE);
        Resolved f = Precedence.resolve(file, Map.of(), CliValues.none());
        assertEquals(5_000L, f.waitTimeoutMillis());
        assertTrue(f.sqliteWal());
        assertEquals(SOURCE + ": wait_timeout", f.sources().get("wait_timeout"));
        assertEquals(SOURCE + ": sqlite_wal", f.sources().get("sqlite_wal"));

        Map<String, String> env = Map.of("RETORT_WAIT_TIMEOUT", "2.5", "DATABASE_ENABLE_SQLITE_WAL", "false");
        Resolved e = Precedence.resolve(file, env, CliValues.none());
        assertEquals(2_500L, e.waitTimeoutMillis());
        assertFalse(e.sqliteWal(), "the environment beats the file");
        assertEquals("DATABASE_ENABLE_SQLITE_WAL", e.sources().get("sqlite_wal"));
        assertTrue(Precedence.resolve(FileSettings.empty(), Map.of("DATABASE_ENABLE_SQLITE_WAL", "TRUE"),
                CliValues.none()).sqliteWal());
        assertFalse(Precedence.resolve(file, Map.of("DATABASE_ENABLE_SQLITE_WAL", " "), CliValues.none())
                .sources().get("sqlite_wal").equals("DATABASE_ENABLE_SQLITE_WAL"), "blank is unset");

        Resolved c = Precedence.resolve(file, env, new CliValues(null, null, null, null, null, null, 7_000L));
        assertEquals(7_000L, c.waitTimeoutMillis());
        assertEquals("--wait-timeout", c.sources().get("wait_timeout"));
    }

    @Test
    void aBadWaitTimeoutInTheEnvironmentNamesTheVariable() {
        RetortException e = assertThrows(RetortException.class, () -> Precedence.resolve(FileSettings.empty(),
                Map.of("RETORT_WAIT_TIMEOUT", "soon"), CliValues.none()));
        assertEquals(2, e.exitCode());
        assertEquals("RETORT_WAIT_TIMEOUT: expected a number of seconds, not 'soon'", e.getMessage());
        e = assertThrows(RetortException.class, () -> Precedence.resolve(FileSettings.empty(),
                Map.of("RETORT_WAIT_TIMEOUT", "-1"), CliValues.none()));
        assertTrue(e.getMessage().startsWith("RETORT_WAIT_TIMEOUT: '-1' is not a valid wait timeout"), e.getMessage());
    }

    /** Filesystem locations, as the settings hold directories. */
    private static List<dev.retort.script.Location> fs(Path... dirs) {
        return java.util.Arrays.stream(dirs).map(dev.retort.script.Location::of).toList();
    }

    @Test
    void anEmptyVersionTableOrSchemaIsRefusedNamingWhereItCameFrom() {
        RetortException e = assertThrows(RetortException.class, () -> Precedence.resolve(FileSettings.empty(),
                Map.of(), new CliValues(null, null, " ", null, null, null)));
        assertEquals(2, e.exitCode());
        assertEquals("--version-table: the version table's name is empty; give a name, or leave it out for the"
                + " default (alembic_version)", e.getMessage());
        e = assertThrows(RetortException.class, () -> Precedence.resolve(new FileSettings(null, null, null, "",
                null, null, SOURCE), Map.of(), CliValues.none()));
        assertEquals("/p/retort.yaml: version_table_schema: the version table's schema is empty; give a name, or"
                + " leave it out for the connection's current schema", e.getMessage());
        Resolved r = Precedence.resolve(FileSettings.empty(), Map.of("RETORT_VERSION_TABLE", " "), CliValues.none());
        assertEquals("alembic_version", r.versionTable(), "an empty variable is not set, as for every variable");
    }
}
