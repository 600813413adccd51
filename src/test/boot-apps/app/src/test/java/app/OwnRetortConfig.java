package app;

import dev.retort.Retort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A Retort of the application's own, on a SQLite file: it runs even where the DataSource is a slice's H2. */
@TestConfiguration
class OwnRetortConfig {
    static final Path DB;

    static {
        try {
            DB = Files.createTempDirectory("own").resolve("own.db");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Bean
    Retort retort() {
        return Retort.configure().url("sqlite:///" + DB).locations("classpath:db/revisions").load();
    }
}
