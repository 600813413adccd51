package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data-sharing training run must exercise the real paths, not stop at an error. */
class CdsTrainingTest {
    @Test
    void everyTrainingCommandSucceeds(@TempDir Path dir) throws Exception {
        Map<String, Integer> codes = CdsTraining.train(dir);
        assertTrue(codes.size() > 10, codes.toString());
        codes.forEach((command, code) -> assertEquals(0, code, command));
    }
}
