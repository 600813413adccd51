package dev.retort.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API package stands alone: its records and enums use no type of another retort package
 * (graph, db, script, ...), so a caller's code never sees those and they can change freely.
 */
class ApiPackageTest {
    private static final Pattern OTHER_PACKAGE = Pattern.compile("\\bdev\\.retort\\.(?!api\\b)[a-z]+");

    @Test
    void usesNoTypeOfAnotherRetortPackage() throws IOException {
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/retort/api"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("/*") && !code.startsWith("//")
                            && OTHER_PACKAGE.matcher(code).find()) {
                        uses.add(f.getFileName() + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertEquals(List.of(), uses);
    }
}
