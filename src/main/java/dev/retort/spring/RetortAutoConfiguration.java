package dev.retort.spring;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.db.Database;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Applies the application's revisions at start-up, before any bean that uses the database, the way
 * Spring Boot runs Flyway: a {@link RetortMigrationInitializer} bean that Boot's database
 * initialization ordering puts first. On when there is a DataSource or {@code retort.url}, and
 * {@code retort.enabled} is not false.
 *
 * <p>Boot 4.0 moved the DataSource auto-configuration to another package, so it is named, not
 * referenced: both names are listed and the absent one is ignored.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnClass(name = RetortAutoConfiguration.SQL_INIT) // else RetortWithoutSqlInitAutoConfiguration stops the start
@ConditionalOnProperty(prefix = "retort", name = "enabled", matchIfMissing = true)
@Conditional(RetortAutoConfiguration.DatabaseCondition.class)
@EnableConfigurationProperties(RetortProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class RetortAutoConfiguration {
    /** Boot's database initialization ordering (spring-boot-sql on Boot 4, spring-boot on Boot 3). */
    static final String SQL_INIT = "org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer";
    private static final Log LOG = LogFactory.getLog(RetortMigrationInitializer.class);

    /** The Retort this configuration made, and the embedded database it stands on (else null). */
    private Retort configured;
    private String embeddedProduct;

    /**
     * The revisions and the database, configured from {@code retort.*}: {@code retort.url} when set
     * (with {@code retort.user}/{@code retort.password}), else the {@link RetortDataSource} one or the
     * application's DataSource — with
     * {@code retort.user}/{@code retort.password}, as Flyway's, its URL with those credentials.
     */
    @Bean
    @ConditionalOnMissingBean
    public Retort retort(RetortProperties properties, @RetortDataSource ObjectProvider<DataSource> retortDataSource,
                         ObjectProvider<DataSource> dataSource, ResourceLoader resources,
                         org.springframework.core.env.Environment environment) {
        Retort.Builder builder = Retort.configure()
                .locations(properties.locations())
                .versionTable(properties.versionTable())
                .versionTableSchema(properties.versionTableSchema())
                .lockTimeoutMillis(properties.lockTimeout().toMillis())
                .singleTransaction(properties.singleTransaction())
                .ddlLockTimeoutMillis(properties.ddlLockTimeout().toMillis())
                .ddlRetries(properties.ddlRetries())
                .log(RetortAutoConfiguration::log);
        if (resources.getClassLoader() != null) { // the application's, also under Boot's launcher (nested jars)
            builder.classLoader(resources.getClassLoader());
        }
        if (properties.url() != null) {
            builder.url(properties.url(), properties.user(), properties.password());
        } else {
            DataSource qualified = retortDataSource.getIfAvailable();
            DataSource ds = qualified != null ? qualified : dataSource.getIfUnique(() -> {
                throw RetortException.usage("several DataSource beans and none is primary;"
                        + " mark the one to migrate @RetortDataSource (or @Primary), or set retort.url");
            });
            Pool pool = Pool.of(ds);
            embeddedProduct = Database.embeddedJavaDatabase(pool.product()) ? pool.product() : null;
            // as Flyway's spring.flyway.user: another role, with retort.password or else the DataSource's
            // password; a password alone changes nothing (Flyway ignores it too), which is said
            boolean otherUser = properties.user() != null;
            if (!otherUser && properties.password() != null) {
                LOG.warn("retort: retort.password without retort.user or retort.url is ignored (as Flyway ignores"
                        + " spring.flyway.password alone); the revisions run through the application's DataSource");
            }
            if (otherUser && embeddedProduct == null && !"PostgreSQL".equalsIgnoreCase(pool.product())) {
                // SQLite has no users; without the metadata the revisions would run as the pool's role
                throw RetortException.usage("retort.user logs in to the DataSource's PostgreSQL"
                        + " database as another role, but the DataSource is " + (pool.product() == null
                        ? "not reachable to read its URL" : pool.product()) + ". Remove it, or give retort.url.");
            }
            if (otherUser && embeddedProduct == null) {
                // spring.datasource.password is the application's pool's, not a @RetortDataSource one's
                String password = properties.password() != null || qualified != null ? properties.password()
                        : environment.getProperty("spring.datasource.password");
                builder.url(pool.jdbcUrl(), properties.user(), password);
            } else {
                builder.dataSource(ds);
            }
        }
        configured = builder.load();
        return configured;
    }

    @Bean
    @ConditionalOnMissingBean
    public RetortMigrationInitializer retortMigrationInitializer(Retort retort, RetortProperties properties,
                                                                 ObjectProvider<RetortMigrationStrategy> strategy) {
        RetortMigrationStrategy chosen = strategy.getIfAvailable(() -> r -> upgrade(r, properties.target(),
                properties.checkEditedRevisions()));
        return new RetortMigrationInitializer(retort, r -> {
            if (r == configured && embeddedProduct != null) {
                // a test slice's stand-in (@DataJpaTest, @JdbcTest): its tests ran before retort was added
                LOG.warn("retort: the DataSource is " + embeddedProduct + ", an embedded database (a test slice's"
                        + " stand-in for the application's?), which retort does not migrate; skipped. To apply the"
                        + " revisions in a test, use @AutoConfigureTestDatabase(replace = NONE) with SQLite or"
                        + " PostgreSQL.");
                return;
            }
            chosen.migrate(r);
        });
    }

    /** retort's lines to the application's logging: warnings and DDL-lock retries at WARN, progress at INFO. */
    static void log(String line) {
        if (line.startsWith("WARNING: ") || line.startsWith("UserWarning: ") || line.contains("; rolled back, retry ")) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

    /**
     * The default strategy: upgrade to retort.target; a start with nothing to apply says so too, and
     * an applied revision edited since it ran is a warning (Flyway's validation fails the start; Alembic
     * says nothing, and retort follows Alembic in what it runs), unless retort.check-edited-revisions=false.
     */
    private static void upgrade(Retort retort, String target, boolean checkEdited) {
        dev.retort.api.MigrateResult result;
        try {
            result = retort.upgrade(target);
        } catch (RetortException e) {
            // Alembic's words quote a target it can't resolve; say which property gave it
            if (e.getMessage() != null && e.getMessage().contains("'" + target + "'")) {
                throw new RetortException("retort.target=" + target + ": " + e.getMessage(), e);
            }
            throw e;
        }
        if (result.steps().isEmpty()) {
            LOG.info("retort: " + retort.displayUrl() + " is up to date (" + (result.headsAfter().isEmpty() ? "no"
                    + " revisions" : String.join(", ", result.headsAfter())) + ")");
        }
        if (!checkEdited) {
            return;
        }
        List<dev.retort.api.CheckResult.Changed> changed;
        try {
            changed = retort.check().changed();
        } catch (RuntimeException e) {   // the upgrade is done: a check that can't run is no reason to stop
            LOG.warn("retort: could not compare the applied revisions with their files: " + e.getMessage());
            return;
        }
        if (!changed.isEmpty()) {
            LOG.warn("retort: applied revision(s) edited since they ran, so their files no longer hold what this"
                    + " database ran: " + changed.stream().map(c -> c.revision() + " (" + c.file() + ")")
                    .collect(java.util.stream.Collectors.joining(", ")) + ". Revert the edit and put the change in a"
                    + " new revision; 'retort check' exits 4 on this database until then.");
        }
    }

    /** The DataSource's database product name and JDBC URL; nulls when it can't be asked (retort's own error follows). */
    private record Pool(String product, String jdbcUrl) {
        static Pool of(DataSource dataSource) {
            try (java.sql.Connection c = dataSource.getConnection()) {
                return new Pool(c.getMetaData().getDatabaseProductName(), c.getMetaData().getURL());
            } catch (java.sql.SQLException | RuntimeException e) {
                return new Pool(null, null);
            }
        }
    }

    /** A DataSource bean or {@code retort.url}: there is a database to migrate. */
    static final class DatabaseCondition extends AnyNestedCondition {
        DatabaseCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        private static final class DataSourceBean {
        }

        @ConditionalOnProperty(prefix = "retort", name = "url")
        private static final class RetortUrl {
        }
    }
}
