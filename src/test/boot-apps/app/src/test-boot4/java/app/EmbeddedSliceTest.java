package app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** A @JdbcTest on the embedded H2 that replaces the DataSource by default: retort skips it with a warning. */
@JdbcTest
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedSliceTest {
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theEmbeddedStandInIsSkipped(CapturedOutput output) {
        SliceDatabase.assertSkipped(jdbc, output.getAll());
    }
}
