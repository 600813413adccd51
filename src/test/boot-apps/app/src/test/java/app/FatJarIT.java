package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repackaged application (spring-boot-maven-plugin) run with {@code java -jar}: Boot's launcher
 * serves the revisions from BOOT-INF/classes and retort from BOOT-INF/lib (nested jar URLs).
 */
class FatJarIT {
    @Test
    void theRepackagedJarAppliesTheRevisionsFromInsideItself() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.toString().endsWith(".jar")).filter(p -> !p.toString().endsWith("-plain.jar"))
                    .findFirst().orElseThrow();
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process app = new ProcessBuilder(java.toString(), "-jar", jar.toString(),
                    "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--app.report=true")
                    .redirectErrorStream(true).start();
            String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(app.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue(), out);
            assertTrue(out.contains("Running upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, Create note"), out);
            assertTrue(out.contains("app: users at start 0, version [b2c3d4e5f6a7]"), out);
        }
    }
}
