package dev.retort.spring;

import dev.retort.Retort;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the revisions when the context creates this bean. Spring Boot's database-initialization
 * ordering ({@link RetortDatabaseInitializerDetector}) makes every bean that uses the database
 * (JdbcTemplate, JPA's EntityManagerFactory, {@code @DependsOnDatabaseInitialization} beans, the
 * schema.sql/data.sql initializer) depend on it, so they are created after it.
 */
public class RetortMigrationInitializer implements InitializingBean {
    private final Retort retort;
    private final RetortMigrationStrategy strategy;

    public RetortMigrationInitializer(Retort retort, RetortMigrationStrategy strategy) {
        this.retort = retort;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        strategy.migrate(retort);
    }
}
