package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.spring.RetortAutoConfiguration;
import dev.retort.spring.RetortFailureAnalyzer;
import dev.retort.spring.RetortWithoutSqlInitAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteDataSource;

/**
 * An application of its own DataSource without Boot's database initialization support (on Boot 4,
 * spring-boot-jdbc brings it as spring-boot-sql): the class is hidden, and retort must then stop the
 * start, not leave the database unmigrated without a word.
 */
class WithoutSqlInitTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RetortAutoConfiguration.class,
                        RetortWithoutSqlInitAutoConfiguration.class))
                .withUserConfiguration(SqliteDataSource.class)
                .withPropertyValues("app.sqlite=" + dir.resolve("app.db"));
    }

    private static FilteredClassLoader withoutSqlInit() {
        return new FilteredClassLoader(DatabaseInitializationDependencyConfigurer.class);
    }

    @Test
    void withoutBootsInitializationSupportTheStartStopsAndSaysWhatToAdd() {
        runner().withClassLoader(withoutSqlInit()).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "the context started without migrating");
            Throwable cause = failure;
            while (!(cause instanceof RetortException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof RetortException, failure.toString());
            assertTrue(cause.getMessage().contains("spring-boot-starter-jdbc"), cause.getMessage());
            assertTrue(cause.getMessage().contains("retort.enabled=false"), cause.getMessage());
            // under Boot's "APPLICATION FAILED TO START": what to add, not "correct the revision file"
            FailureAnalysis analysis = new RetortFailureAnalyzer().analyze(failure);
            assertTrue(analysis.getAction().startsWith("Add org.springframework.boot:spring-boot-starter-jdbc"),
                    analysis.getAction());
        });
        assertTrue(Files.notExists(dir.resolve("app.db")) || size(dir.resolve("app.db")) == 0,
                "the database was touched");
    }

    @Test
    void disabledItStartsWithoutIt() {
        runner().withClassLoader(withoutSqlInit()).withPropertyValues("retort.enabled=false")
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    assertEquals(0, context.getBeanNamesForType(Retort.class).length);
                });
    }

    @Test
    void withItRetortMigratesAndTheGuardIsOff() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            assertEquals(1, context.getBeanNamesForType(Retort.class).length);
            assertEquals(0, context.getBeanNamesForType(RetortWithoutSqlInitAutoConfiguration.class).length);
            assertEquals("b2c3d4e5f6a7", context.getBean(Retort.class).currentRows().get(0));
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SqliteDataSource {
        @Bean
        DataSource dataSource(org.springframework.core.env.Environment env) {
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + env.getProperty("app.sqlite"));
            return ds;
        }
    }
}
