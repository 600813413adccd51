package dev.retort.compat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle of the portable-revision differential tests: one {@link PortableDiff} per class. */
abstract class PortableDiffTestBase {
    static PortableDiff diff;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        diff = PortableDiff.start();
    }

    @AfterAll
    static void stop() {
        if (diff != null) {
            diff.close();
            diff = null;
        }
    }
}
