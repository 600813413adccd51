package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.api.RetortException;
import dev.retort.api.Dialect;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void sqliteRelativeAndAbsoluteForms() {
        DatabaseUrl rel = DatabaseUrl.parse("sqlite:///data/app.db");
        assertEquals(Dialect.SQLITE, rel.dialect());
        assertEquals(Path.of("data/app.db").toAbsolutePath().normalize(), rel.sqliteFile());
        assertEquals("sqlite:///data/app.db", rel.display());
        DatabaseUrl abs = DatabaseUrl.parse("sqlite:////tmp/x.db");
        assertEquals("jdbc:sqlite:/tmp/x.db", abs.jdbcUrl());
        assertNull(DatabaseUrl.parse("sqlite://").sqliteFile(), "in memory");
        assertEquals(Path.of("/tmp/y.db"), DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db").sqliteFile());
    }

    @Test
    void sqliteFilesRetortCreatesBeforeConnecting() {
        Path odd = Path.of("data/mode=ro.db").toAbsolutePath().normalize();
        assertEquals(odd, DatabaseUrl.parse("sqlite:///data/mode=ro.db").sqliteFileToCreate(), "a name, not an option");
        assertEquals(Path.of("/tmp/y.db"), DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db?busy_timeout=5").sqliteFileToCreate());
        assertNull(DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db?mode=ro").sqliteFileToCreate(), "read-only");
        assertNull(DatabaseUrl.parse("jdbc:sqlite:file:/tmp/y.db").sqliteFileToCreate(), "a URI: the driver's");
        assertNull(DatabaseUrl.parse("sqlite://").sqliteFileToCreate(), "in memory");
        assertNull(DatabaseUrl.parse("postgresql://h/db").sqliteFileToCreate());
    }

    @Test
    void postgresFormsKeepQueryParametersAndHideThePassword() {
        for (String scheme : new String[] {"postgresql", "postgres", "postgresql+psycopg2", "postgresql+asyncpg"}) {
            DatabaseUrl u = DatabaseUrl.parse(scheme + "://app:s3cr%40t@db.example:6543/shop?sslmode=require");
            assertEquals(Dialect.POSTGRESQL, u.dialect());
            assertEquals("jdbc:postgresql://db.example:6543/shop?sslmode=require", u.jdbcUrl());
            assertEquals("app", u.user());
            assertEquals("s3cr@t", u.password());
            assertEquals(scheme + "://app:XXXXX@db.example:6543/shop?sslmode=require", u.display());
            assertFalse(u.toString().contains("s3cr") && u.display().contains("s3cr"));
        }
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://h/db?user=a&password=hunter2");
        assertEquals("jdbc:postgresql://h/db?user=a&password=XXXXX", jdbc.display());
        assertEquals("postgresql://h/db", DatabaseUrl.parse("postgresql://h/db").display());
    }

    @Test
    void badUrlsAreUsageErrorsThatDoNotLeakPasswords() {
        RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse("mysql://u:pw@h/db"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        assertEquals(2, assertThrows(RetortException.class, () -> DatabaseUrl.parse("not a url")).exitCode());
        assertEquals(2, assertThrows(RetortException.class, () -> DatabaseUrl.parse("sqlite:relative.db")).exitCode());
    }

    @Test
    void environmentComposesTheUrlWhenDatabaseUrlIsUnset() {
        assertEquals("postgresql://svc:p%40ss%20word@pg:5433/app", DatabaseUrl.fromEnvironment(Map.of(
                "DATABASE_TYPE", "postgresql", "DATABASE_USER", "svc", "DATABASE_PASSWORD", "p@ss word",
                "DATABASE_HOST", "pg", "DATABASE_PORT", "5433", "DATABASE_NAME", "app")));
        assertEquals("p@ss word", DatabaseUrl.parse(DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "postgres",
                "DATABASE_USER", "svc", "DATABASE_PASSWORD", "p@ss word", "DATABASE_NAME", "app"))).password());
        assertEquals("sqlite:///data/x.db", DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "sqlite",
                "DATABASE_NAME", "data/x.db")));
        assertEquals("sqlite:///given.db", DatabaseUrl.fromEnvironment(Map.of("DATABASE_URL", "sqlite:///given.db",
                "DATABASE_TYPE", "postgresql")), "DATABASE_URL wins");
        assertNull(DatabaseUrl.fromEnvironment(Map.of()));
        assertEquals(2, assertThrows(RetortException.class,
                () -> DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "oracle"))).exitCode());
    }
}
