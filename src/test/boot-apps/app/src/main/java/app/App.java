package app;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** A small application whose schema retort creates at start-up (revisions in db/revisions). */
@SpringBootApplication
public class App {
    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }

    /** With app.report=true (the fat-jar run): says what the database holds, then the app ends. */
    @Bean
    @ConditionalOnProperty(name = "app.report", havingValue = "true")
    CommandLineRunner report(JdbcTemplate jdbc, UserCount count) {
        return args -> System.out.println("app: users at start " + count.atStart() + ", version "
                + jdbc.queryForList("SELECT version_num FROM alembic_version", String.class));
    }
}
