package dev.retort.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link RetortMigrationInitializer} initializes the database (registered in
 * META-INF/spring.factories). Order 1, as Boot's Flyway detector: before the schema.sql/data.sql
 * initializer, whose detector comes last, so data.sql runs on the migrated schema.
 */
public final class RetortDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {
    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(RetortMigrationInitializer.class);
    }

    @Override
    public int getOrder() {
        return 1;
    }
}
