package dev.retort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library artifact an application depends on (runs after {@code mvn package}): Flyway's
 * parser is inside it, relocated, and the installed pom no longer brings Flyway — so an
 * application gets no {@code org.flywaydb} classes from retort (Spring Boot's Flyway
 * auto-configuration is conditional on {@code org.flywaydb.core.Flyway}) and no Flyway version
 * of its dependency management can replace the one retort's parser subclasses are built on.
 */
class LibraryArtifactIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path tmp;

    private static Path libraryJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("retort-\\d.*\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void flywayIsRelocatedInsideAndDroppedFromThePom() throws Exception {
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/flywaydb/")), "no org.flywaydb classes");
            assertTrue(names.contains("dev/retort/internal/flyway/core/internal/parser/Parser.class"),
                    "relocated parser");
            assertTrue(names.contains("META-INF/services/dev.retort.internal.flyway.core.extensibility.Plugin"));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/sqlite/") || n.startsWith("org/postgresql/")),
                    "JDBC drivers stay ordinary dependencies");
        }
        String pom = Files.readString(Path.of("dependency-reduced-pom.xml"));
        assertFalse(pom.contains("<groupId>org.flywaydb</groupId>"), "the installed pom brings no Flyway");
        assertTrue(pom.contains("<artifactId>sqlite-jdbc</artifactId>"));
    }

    @Test
    void theRelocatedParserSplitsWithoutFlywayOnTheClassPath() throws Exception {
        // the class path an application would have: the library jar and its runtime dependencies, no Flyway
        List<String> cp = new ArrayList<>(List.of(libraryJar().toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("flyway") && !entry.contains("test-classes") && !entry.endsWith("classes")
                    && !Path.of(entry).toAbsolutePath().equals(libraryJar())) {
                cp.add(entry);
            }
        }
        for (String entry : cp) {
            if (entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    assertEquals(null, jar.getEntry("org/flywaydb/core/Flyway.class"), entry);
                }
            }
        }
        Path revisions = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(revisions.resolve("aaaa_trigger.sql"), """
                -- a trigger
                --
                -- Revision ID: aaaa
                -- Revises:

                -- retort:upgrade
                CREATE TABLE t (x INTEGER, n INTEGER);
                CREATE TRIGGER bump AFTER INSERT ON t BEGIN
                  UPDATE t SET n = 1 WHERE x = NEW.x;
                END;
                INSERT INTO t (x) VALUES (1);

                -- retort:downgrade
                DROP TABLE t;
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, cp),
                "dev.retort.cli.Main",
                "--url", "sqlite:///" + tmp.resolve("app.db"), "--revisions", revisions.toString()));
        Process up = new ProcessBuilder(concat(cmd, "upgrade", "head")).redirectErrorStream(true).start();
        String out = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, up.waitFor(), out);
        // offline, on the same SQLite URL: the trigger's BEGIN ... END goes through the relocated parser again
        Process sql = new ProcessBuilder(concat(cmd, "upgrade", "head", "--sql"))
                .redirectErrorStream(true).start();
        String text = new String(sql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sql.waitFor(), text);
        assertTrue(text.contains(
                "CREATE TRIGGER bump AFTER INSERT ON t BEGIN\n  UPDATE t SET n = 1 WHERE x = NEW.x;\nEND;"),
                text);
    }

    @Test
    void springAutoConfigurationIsInTheLibraryJarOnlyAndSpringInNeither() throws Exception {
        try (JarFile lib = new JarFile(libraryJar().toFile());
             JarFile cli = new JarFile(TARGET.resolve("retort.jar").toFile())) {
            assertTrue(lib.getEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports") != null);
            String metadata = new String(lib.getInputStream(lib.getEntry("META-INF/spring-configuration-metadata.json"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            // the defaults as the README's table and a user write them, not "600000ms"
            assertTrue(metadata.replace(" ", "").contains("\"defaultValue\":\"600s\""), metadata);
            assertTrue(metadata.replace(" ", "").contains("\"defaultValue\":\"5s\""), metadata);
            assertTrue(lib.getEntry("dev/retort/spring/RetortAutoConfiguration.class") != null);
            for (JarFile jar : List.of(lib, cli)) {
                assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/springframework/")), jar.getName());
            }
            // the command line neither needs nor carries the auto-configuration (CdsTraining runs on this jar)
            assertFalse(cli.stream().anyMatch(e -> e.getName().startsWith("dev/retort/spring/")
                    || e.getName().startsWith("META-INF/spring")), "no Spring parts in retort.jar");
        }
        String pom = Files.readString(Path.of("dependency-reduced-pom.xml"));
        int spring = pom.indexOf("<artifactId>spring-boot-autoconfigure</artifactId>", pom.indexOf("<dependencies>"));
        assertTrue(spring > 0 && pom.substring(spring, pom.indexOf("</dependency>", spring)).contains("<scope>provided</scope>"),
                "Spring is the application's, never a dependency retort brings");
    }

    private static List<String> concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Arrays.stream(tail)).collect(Collectors.toList());
    }
}
