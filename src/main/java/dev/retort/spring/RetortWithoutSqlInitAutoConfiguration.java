package dev.retort.spring;

import dev.retort.api.RetortException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;

/**
 * Stops the start when retort would otherwise be silently off: on Spring Boot 4 an application with
 * a DataSource of its own but without {@code spring-boot-sql} (which {@code spring-boot-jdbc} brings)
 * has none of Boot's database initialization ordering, which {@link RetortAutoConfiguration} needs
 * to run before the beans that use the database. On Boot 3 that support is part of spring-boot.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnMissingClass(RetortAutoConfiguration.SQL_INIT)
@ConditionalOnProperty(prefix = "retort", name = "enabled", matchIfMissing = true)
@Conditional(RetortAutoConfiguration.DatabaseCondition.class)
public class RetortWithoutSqlInitAutoConfiguration {
    static final String MESSAGE = "retort applies the revisions before the beans that use the database through Spring"
            + " Boot's database initialization support, which is not on the class path (" + RetortAutoConfiguration.SQL_INIT
            + "). Add org.springframework.boot:spring-boot-starter-jdbc (or spring-boot-sql) to the application's"
            + " dependencies, or set retort.enabled=false to start without migrating.";

    public RetortWithoutSqlInitAutoConfiguration() {
        throw RetortException.usage(MESSAGE);
    }
}
