package app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A @JdbcTest slice applies the revisions, as Boot's slices run Flyway (SQLite here). */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JdbcSliceTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SliceDatabase.sqlite(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceAppliesTheRevisions() {
        SliceDatabase.assertMigrated(jdbc);
    }
}
