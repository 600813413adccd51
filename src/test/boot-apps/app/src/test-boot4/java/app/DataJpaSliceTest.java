package app;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A @DataJpaTest slice applies the revisions before Hibernate validates the entities (PostgreSQL). */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class DataJpaSliceTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        SliceDatabase.postgres(registry);
    }

    @Autowired
    EntityManager entities;

    @Test
    void theSliceAppliesTheRevisionsBeforeValidation() {
        SliceDatabase.assertMigrated(entities);
    }
}
