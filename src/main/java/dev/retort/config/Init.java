package dev.retort.config;

import dev.retort.api.RetortException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retort init}: starts a project in a directory with a commented {@code retort.yaml}
 * (the default URL and revision directory written out, every other key shown commented out) and
 * an empty {@code revisions/} holding a {@code .gitkeep} so that version control keeps it.
 */
public final class Init {
    /** The retort.yaml that {@link #init} writes. */
    public static final String TEMPLATE = """
            # retort configuration (see the README, "Configuration"). Every key is optional.
            # Command-line flags and environment variables override what is set here.

            # Database URL. Overridden by --url and $DATABASE_URL. A relative SQLite path is
            # relative to the working directory; postgresql://user:password@host:5432/dbname works too.
            url: sqlite:///data/retort.db

            # Revision directories: one, or a list ([a, b]). Relative to this file's directory.
            revisions: revisions

            # The version table, as in Alembic.
            # version_table: alembic_version
            # version_table_schema: public

            # Seconds a run waits for another one to finish before giving up.
            # lock_timeout: 600

            # per-revision: each revision in its own transaction; single: the whole run in one.
            # transaction_mode: per-revision
            """;

    private Init() {
    }

    /**
     * Creates {@code dir/retort.yaml} and, when missing, {@code dir/revisions/} with a
     * {@code .gitkeep}. Refuses (exit 2) when retort.yaml already exists, or when
     * {@code revisions} exists and is not a directory; nothing is written then.
     *
     * @return what was created, in creation order (directories included)
     */
    public static List<Path> init(Path dir) {
        Path yaml = dir.resolve(ConfigFile.YAML_NAME);
        Path revisions = dir.resolve("revisions");
        if (Files.exists(yaml)) {
            throw RetortException.usage(yaml + " already exists; not overwriting it");
        }
        Path ini = dir.resolve("alembic.ini");
        if (Files.exists(ini)) {
            // a retort.yaml here would silently take over from it (its URL, its script_location)
            throw RetortException.usage(ini + " is here, and retort reads it as it is (sqlalchemy.url,"
                    + " script_location): run the commands without init. A retort.yaml would take its place;"
                    + " to switch, move alembic.ini away first.");
        }
        if (Files.exists(revisions) && !Files.isDirectory(revisions)) {
            throw RetortException.usage(revisions + " exists and is not a directory");
        }
        List<Path> created = new ArrayList<>();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                created.add(dir);
            }
            Files.writeString(yaml, TEMPLATE, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            created.add(yaml);
            if (!Files.isDirectory(revisions)) {
                Files.createDirectory(revisions);
                created.add(revisions);
                Path keep = Files.createFile(revisions.resolve(".gitkeep"));
                created.add(keep);
            }
        } catch (FileAlreadyExistsException e) {
            throw RetortException.usage(e.getFile() + " already exists; not overwriting it");
        } catch (IOException e) {
            throw new RetortException("Can't initialise " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(created);
    }
}
