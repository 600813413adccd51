package app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.Retort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;

/** A Retort bean of the application's own is run, whatever the slice's DataSource (here H2). */
@JdbcTest
@Import(OwnRetortConfig.class)
class OwnRetortSliceTest {
    @Autowired
    Retort retort;

    @Test
    void theOwnRetortMigratedItsDatabase() {
        assertEquals(SliceDatabase.HEAD, retort.current().get(0).id());
    }
}
