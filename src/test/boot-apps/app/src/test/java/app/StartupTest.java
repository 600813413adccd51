package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import dev.retort.spring.RetortProperties;
import extra.FirstRevisionOnly;
import extra.TwoDataSources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application started for real (SpringApplication, Boot's auto-configuration, Hibernate) on an
 * embedded PostgreSQL, a fresh database for each test; the database is then read over plain JDBC.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String HEAD = "b2c3d4e5f6a7";
    private static EmbeddedPostgres pg;

    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        url = createDatabase();
    }

    private static String createDatabase() throws SQLException {
        String name = "app" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    private ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
        // as command-line arguments: they take precedence over application.properties
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres"));
        for (String p : properties) {
            args.add("--" + p);
        }
        return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
    }

    private ConfigurableApplicationContext start(String... properties) {
        return start(new Class<?>[] {App.class}, properties);
    }

    private static List<String> query(String url, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static List<String> tables(String url) throws SQLException {
        return query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " ORDER BY table_name");
    }

    @Test
    void revisionsRunBeforeAJdbcTemplateBeanAndBeforeJpaValidates(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            // UserCount's @PostConstruct queried app_user, and Hibernate validated both entities
            assertEquals(0, context.getBean(UserCount.class).atStart());
        }
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of("alembic_version", "app_user", "note", "retort_history"), tables(url),
                "no flyway_schema_history");
        // progress goes to the application's logging (Boot's console appender: stdout), not to stderr
        assertTrue(output.getOut().contains("Running upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, Create note"), output.getOut());
        assertFalse(output.getErr().contains("Running upgrade"), output.getErr());
    }

    @Test
    void withoutRetortHibernateValidationFails() {
        // the check above can fail: with retort off, validation meets no tables
        Exception e = assertThrows(Exception.class, () -> start("retort.enabled=false", "app.probe=false").close());
        assertTrue(messages(e).contains("app_user"), messages(e));
    }

    @Test
    void noFlywayOnTheClassPathAndBootsDriverVersion() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.flywaydb.core.Flyway"));
        // Boot's dependency management chose the driver (and Jackson) retort runs with here
        assertEquals(System.getProperty("boot.postgresql.version"), org.postgresql.util.DriverInfo.DRIVER_VERSION);
        assertEquals(System.getProperty("boot.jackson.version"),
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
    }

    @Test
    void dataSqlRunsAfterTheRevisions() throws Exception {
        try (ConfigurableApplicationContext context = start("spring.sql.init.mode=always",
                "spring.sql.init.data-locations=classpath:seed/data.sql")) {
            // data.sql ran before UserCount (it depends on the database initializers) and after retort
            assertEquals(1, context.getBean(UserCount.class).atStart());
        }
        assertEquals(List.of("seeded by data.sql"), query(url, "SELECT name FROM app_user"));
    }

    @Test
    void aBrokenRevisionStopsTheStartWithRetortsMessageAndLeavesTheDatabaseAsItWas(CapturedOutput output)
            throws Exception {
        start().close();
        Exception e = assertThrows(Exception.class,
                () -> start("retort.locations=classpath:db/revisions,classpath:db/broken").close());
        RetortException retort = cause(e, RetortException.class);
        assertTrue(retort.getMessage().contains("c3d4e5f6a7b8"), retort.getMessage());
        assertTrue(retort.getMessage().contains("c3d4e5f6a7b8_broken.sql"), retort.getMessage());
        assertTrue(retort.getMessage().contains("line 9"), retort.getMessage());
        assertTrue(retort.getMessage().contains("no_such_table"), retort.getMessage());
        // Boot's failure report shows retort's text (RetortFailureAnalyzer), not a stack trace
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), output.getOut());
        assertTrue(output.getOut().contains("retort could not migrate the database at start-up"), output.getOut());
        assertTrue(output.getOut().contains("retort.enabled=false"), output.getOut());
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of("alembic_version", "app_user", "note", "retort_history"), tables(url),
                "half_done was rolled back");
    }

    /** retort.ddl-lock-timeout and retort.ddl-retries reach the run: a held lock fails it after two short tries. */
    @Test
    void theDdlLockTimeoutAndRetriesAreProperties(CapturedOutput output) throws Exception {
        start().close();
        try (Connection holder = DriverManager.getConnection(url, "postgres", "");
             Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM app_user").close();    // ACCESS SHARE until rollback
            Exception e = assertThrows(Exception.class, () -> start("retort.locations=classpath:db/revisions,"
                    + "classpath:db/ddl", "retort.ddl-lock-timeout=200ms", "retort.ddl-retries=1").close());
            holder.rollback();
            RetortException retort = cause(e, RetortException.class);
            assertTrue(retort.getMessage().contains("in each of 2 attempts (DDL lock timeout 0.2 s, 1 retry)"),
                    retort.getMessage());
            // the retry is a warning in the application's log
            assertTrue(output.getAll().lines().anyMatch(l -> l.contains("rolled back, retry 1 of 1") && l.contains("WARN")),
                    output.getAll());
        }
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
    }

    @Test
    void outOfRangePropertiesAreNamedAtStart() {
        for (String[] p : new String[][] {{"retort.ddl-retries=5000", "retort.ddl-retries is a number from 0 to 1000"},
                {"retort.lock-timeout=-5s", "retort.lock-timeout is 0 or more"},
                // the value as written (a number alone is seconds), not Spring's conversion to milliseconds
                {"retort.ddl-lock-timeout=-1", "not -1s"}}) {
            Exception e = assertThrows(Exception.class, () -> start(p[0]).close());
            assertTrue(messages(e).contains(p[1]), messages(e));
        }
    }

    /** A target the revisions don't have, and a Flyway-style location without a prefix: the property is named. */
    @Test
    void aBadTargetOrLocationNamesTheProperty(CapturedOutput output) throws Exception {
        Exception e = assertThrows(Exception.class, () -> start("retort.target=nosuchrev").close());
        assertTrue(cause(e, RetortException.class).getMessage()
                .startsWith("retort.target=nosuchrev: Can't locate revision identified by 'nosuchrev'"), messages(e));
        assertTrue(output.getOut().contains("Set retort.target to a revision id"), output.getOut());
        e = assertThrows(Exception.class, () -> start("retort.locations=db/revisions").close());
        String m = cause(e, RetortException.class).getMessage();
        assertTrue(m.contains("'db/revisions' is on the class path: give it as classpath:db/revisions"), m);
        assertFalse(m.contains("'init' command"), m);
        assertTrue(output.getOut().contains("Set retort.locations to where the revision files are"), output.getOut());
        assertEquals(List.of(), tables(url), "nothing was created");
    }

    /** As Flyway's @FlywayDataSource: the marked DataSource is migrated, the primary one left alone. */
    @Test
    void aRetortDataSourceIsMigratedInsteadOfThePrimaryOne() throws Exception {
        String primary = createDatabase();
        start(new Class<?>[] {App.class, TwoDataSources.class}, "extra.primary-url=" + primary,
                "extra.migrated-url=" + url, "app.probe=false", "spring.jpa.hibernate.ddl-auto=none").close();
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of(), tables(primary));
    }

    @Test
    void anEmptyTargetMeansHeadsAndAnUpToDateStartSaysSo(CapturedOutput output) throws Exception {
        start("retort.target=").close();
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
        start().close();
        assertTrue(output.getOut().contains("is up to date (" + HEAD + ")"), output.getOut());
    }

    /**
     * retort.password alone changes nothing (as Flyway's password alone): the DataSource runs the
     * revisions, with a WARN. A duration without a unit is seconds, as the CLI's --lock-timeout.
     */
    @Test
    void aPasswordAloneIsIgnoredAndABareNumberIsSeconds(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = start("retort.password=only-a-password", "retort.lock-timeout=30",
                "retort.ddl-lock-timeout=2")) {
            dev.retort.api.Settings s = ctx.getBean(dev.retort.Retort.class).settings();
            assertEquals(java.time.Duration.ofSeconds(30), s.lockTimeout());
            assertEquals(java.time.Duration.ofSeconds(2), s.ddlLockTimeout());
        }
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
        assertTrue(output.getAll().contains("retort.password without retort.user or retort.url is ignored"),
                output.getAll());
        assertFalse(output.getAll().contains("only-a-password"), "never shown");
    }

    /** The one setting that puts JPA before retort is named at start (Flyway refuses it as a cycle). */
    @Test
    void deferredDatasourceInitializationIsAWarning(CapturedOutput output) {
        assertThrows(Exception.class, () -> start("spring.jpa.defer-datasource-initialization=true").close());
        assertTrue(output.getAll().lines().anyMatch(l -> l.contains("WARN")
                && l.contains("spring.jpa.defer-datasource-initialization=true starts JPA before retort")), output.getAll());
    }

    /** As spring.flyway.user: without retort.url, retort.user logs in to the application's database. */
    @Test
    void retortUserWithoutUrlUsesTheDataSourcesDatabase() {
        Exception e = assertThrows(Exception.class, () -> start("retort.user=nobody_here", "app.probe=false",
                "spring.jpa.hibernate.ddl-auto=none").close());
        assertTrue(messages(e).contains("nobody_here"), messages(e));
    }

    @Test
    void anAppliedRevisionEditedSinceItRanIsAWarning(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path file = dir.resolve("f1e2d3c4b5a6_x.sql");
        String revision = "-- x\n--\n-- Revision ID: f1e2d3c4b5a6\n-- Revises:\n\n-- retort:upgrade\n";
        java.nio.file.Files.writeString(file, revision + "CREATE TABLE x (id INTEGER);\n");
        String[] props = {"retort.locations=filesystem:" + dir, "app.probe=false", "spring.jpa.hibernate.ddl-auto=none"};
        start(props).close();
        java.nio.file.Files.writeString(file, revision + "CREATE TABLE x (id INTEGER, y INTEGER);\n");
        start(props).close();
        assertTrue(output.getAll().lines().anyMatch(l -> l.contains("WARN") && l.contains("applied revision(s) edited"
                + " since they ran") && l.contains("f1e2d3c4b5a6")), output.getAll());
        int before = output.getAll().length();
        String[] unchecked = java.util.Arrays.copyOf(props, props.length + 1);
        unchecked[props.length] = "retort.check-edited-revisions=false";
        start(unchecked).close();
        String after = output.getAll().substring(before);
        assertTrue(after.contains("is up to date"), after);
        assertFalse(after.contains("edited since they ran"), after);
    }

    /** Set to nothing, as "${APP_SCHEMA:}" gives: the default, as for retort.target. */
    @Test
    void emptyLocationsAndVersionTablePropertiesMeanTheDefaults() throws Exception {
        start("retort.locations=", "retort.version-table=", "retort.version-table-schema=").close();
        assertEquals(List.of(HEAD), query(url, "SELECT version_num FROM alembic_version"));
    }

    @Test
    void disabledLeavesTheDatabaseUntouched() throws Exception {
        start("retort.enabled=false", "app.probe=false", "spring.jpa.hibernate.ddl-auto=none").close();
        assertEquals(List.of(), tables(url));
    }

    @Test
    void aStrategyBeanReplacesTheDefaultUpgrade() throws Exception {
        FirstRevisionOnly.ran = false;
        start(new Class<?>[] {App.class, FirstRevisionOnly.class}, "spring.jpa.hibernate.ddl-auto=none").close();
        assertTrue(FirstRevisionOnly.ran);
        assertEquals(List.of("a1b2c3d4e5f6"), query(url, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of("alembic_version", "app_user", "retort_history"), tables(url));
    }

    @Test
    void retortUrlMigratesItsOwnDatabaseAndNeverShowsThePassword(CapturedOutput output) throws Exception {
        String other = createDatabase();
        String secret = "s3cret-Retort-pw";
        try (ConfigurableApplicationContext context = start("retort.url=" + other, "retort.user=postgres",
                "retort.password=" + secret, "app.probe=false", "spring.jpa.hibernate.ddl-auto=none")) {
            assertFalse(context.getBean(RetortProperties.class).toString().contains(secret));
        }
        assertEquals(List.of(HEAD), query(other, "SELECT version_num FROM alembic_version"));
        assertEquals(List.of(), tables(url), "the application's DataSource was not used");

        // nothing listens on port 1: the failure names the database, never the password
        Exception e = assertThrows(Exception.class, () -> start("retort.url=jdbc:postgresql://127.0.0.1:1/app",
                "retort.user=app", "retort.password=" + secret, "app.probe=false",
                "spring.jpa.hibernate.ddl-auto=none").close());
        assertTrue(messages(e).contains("127.0.0.1:1"), messages(e));
        assertFalse(messages(e).contains(secret), messages(e));
        assertFalse(output.getAll().contains(secret), output.getAll());
    }

    @Test
    void sqliteThroughRetortUrlWithBootsSqliteDriver(@TempDir Path dir) throws Exception {
        String sqlite = "jdbc:sqlite:" + dir.resolve("app.db");
        start("retort.url=" + sqlite, "app.probe=false", "spring.jpa.hibernate.ddl-auto=none").close();
        try (Connection c = DriverManager.getConnection(sqlite); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
            assertTrue(rs.next());
            assertEquals(HEAD, rs.getString(1));
            assertEquals(System.getProperty("boot.sqlite.version"), c.getMetaData().getDriverVersion());
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + messages(e));
    }
}
