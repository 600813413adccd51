package extra;

import dev.retort.spring.RetortDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The application's primary DataSource (extra.primary-url) and a second one, marked for retort (extra.migrated-url). */
@Configuration
public class TwoDataSources {
    @Bean
    @Primary
    DataSource appDataSource(@Value("${extra.primary-url}") String url) {
        return new DriverManagerDataSource(url, "postgres", "");
    }

    @Bean
    @RetortDataSource
    DataSource schemaDataSource(@Value("${extra.migrated-url}") String url) {
        return new DriverManagerDataSource(url, "postgres", "");
    }
}
