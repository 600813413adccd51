package dev.retort.spring;

import java.util.Set;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.env.Environment;

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

    /**
     * Also warns, before any bean is made, about the one setting that puts JPA before every database
     * initializer (Flyway's start fails on it as a circular dependency; here validation would fail).
     */
    @Override
    public Set<String> detect(ConfigurableListableBeanFactory beanFactory) {
        Set<String> names = super.detect(beanFactory);
        if (!names.isEmpty() && beanFactory.getBean(Environment.class)
                .getProperty("spring.jpa.defer-datasource-initialization", Boolean.class, false)) {
            LogFactory.getLog(RetortMigrationInitializer.class).warn("retort: spring.jpa.defer-datasource-initialization"
                    + "=true starts JPA before retort applies the revisions, so ddl-auto=validate fails on the tables"
                    + " they would create; remove the property (with revisions, nothing needs Hibernate's DDL before"
                    + " data.sql)");
        }
        return names;
    }

    @Override
    public int getOrder() {
        return 1;
    }
}
