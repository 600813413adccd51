package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases and checks of the test-slice tests (one class per Boot version, in src/test-boot3
 * and src/test-boot4, since the slice annotations moved packages in Boot 4): a fresh SQLite file or
 * a fresh database on one embedded PostgreSQL, at the head revision once the slice has started.
 */
final class SliceDatabase {
    static final String HEAD = "b2c3d4e5f6a7";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres pg;

    private SliceDatabase() {
    }

    static void sqlite(DynamicPropertyRegistry registry) {
        try {
            String url = "jdbc:sqlite:" + Files.createTempDirectory("slice").resolve("app.db");
            registry.add("spring.datasource.url", () -> url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void postgres(DynamicPropertyRegistry registry) throws IOException, SQLException {
        if (pg == null) {
            pg = EmbeddedPostgres.start();
            EmbeddedPostgres started = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM ends
                }
            }));
        }
        String name = "slice" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = pg.getJdbcUrl("postgres", name);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    /** What a JDBC slice sees: the revisions applied. */
    static void assertMigrated(JdbcTemplate jdbc) {
        assertEquals(HEAD, jdbc.queryForObject("SELECT version_num FROM alembic_version", String.class));
        assertEquals(0, jdbc.queryForObject("SELECT count(*) FROM note", Integer.class));
    }

    /** What a slice on its embedded stand-in sees: retort skipped it, with a warning. */
    static void assertSkipped(JdbcTemplate jdbc, String output) {
        assertEquals(0, jdbc.queryForObject("SELECT count(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE UPPER(TABLE_NAME) = 'ALEMBIC_VERSION'", Integer.class));
        assertTrue(output.contains("retort: the DataSource is H2, an embedded database"), output);
    }

    /** What a JPA slice sees: the revisions applied before Hibernate validated the entities. */
    static void assertMigrated(EntityManager entities) {
        assertEquals(0L, entities.createQuery("SELECT count(u) FROM AppUser u", Long.class).getSingleResult());
        assertEquals(HEAD, entities.createNativeQuery("SELECT version_num FROM alembic_version").getSingleResult());
    }
}
