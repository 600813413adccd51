package dev.retort.drift;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.db.Database;
import dev.retort.db.DatabaseUrl;
import dev.retort.ops.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The empty database the drift check builds the expected schema in: the {@code --scratch-url}
 * given, else a temporary one — a SQLite file in the temporary directory, or a PostgreSQL database
 * created on the same server as the checked one (and dropped by {@link #drop}).
 *
 * @param url       where it is
 * @param temporary created here, to be removed afterwards
 * @param pgName    the temporary PostgreSQL database's name, else null
 */
public record Scratch(DatabaseUrl url, boolean temporary, String pgName) {
    private static final Pattern PG_DB = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(.*)");

    /** The scratch database for {@code checked}: {@code scratchUrl} when given (same dialect), else a temporary one. */
    public static Scratch open(Database checked, String scratchUrl) {
        if (scratchUrl != null) {
            DatabaseUrl u = DatabaseUrl.parse(scratchUrl);
            if (u.dialect() != checked.dialect()) {
                throw RetortException.usage("--scratch-url must be a " + checked.dialect().id() + " database like the"
                        + " one checked, not " + u.display());
            }
            return new Scratch(u, false, null);
        }
        if (checked.dialect() == Dialect.SQLITE) {
            try {
                return sqlite(Files.createTempDirectory("retort-scratch"));
            } catch (IOException e) {
                throw new RetortException("Can't create a temporary SQLite file for the drift check: " + e.getMessage(), e);
            }
        }
        String name = newPgName();
        DatabaseUrl u = checked.url();
        Matcher m = PG_DB.matcher(u.jdbcUrl());
        if (!m.matches()) {
            throw RetortException.usage("Can't tell the database name in " + u.display() + "; give --scratch-url URL"
                    + " of an empty database for the drift check");
        }
        try (Statement st = checked.connection().createStatement()) {
            if (!checked.connection().getAutoCommit()) {
                checked.connection().setAutoCommit(true);
            }
            st.execute("CREATE DATABASE " + Identifiers.quote(name, Dialect.POSTGRESQL));
        } catch (SQLException e) {
            throw new RetortException("The drift check could not create a temporary database on the server of "
                    + u.display() + ": " + e.getMessage() + ("42501".equals(e.getSQLState())
                    ? ". The role may not create databases (it needs CREATEDB)" : "")
                    + ". Give --scratch-url URL of an empty database instead.", e);
        }
        return new Scratch(new DatabaseUrl(Dialect.POSTGRESQL, m.group(1) + name + m.group(3), u.user(), u.password(),
                name + " (a temporary database on the server of " + u.display() + ")", null, u.sslPassword()), true, name);
    }

    /**
     * The temporary SQLite scratch file {@code expected.db} in {@code dir}. Its JDBC URL is the file's
     * {@code file:} URI, percent-encoded: a {@code sqlite:///} URL would end the path at a {@code ?}
     * (or {@code #}, {@code %}) that the temporary directory's name may hold.
     */
    static Scratch sqlite(Path dir) {
        Path file = dir.resolve("expected.db").toAbsolutePath();
        return new Scratch(new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file.toUri().toASCIIString(), null, null,
                "sqlite:///" + file, file), true, null);
    }

    /**
     * A temporary database's name: lower-case letters, digits and _ only, under PostgreSQL's 63 bytes,
     * so it needs no quoting in SQL (SQLAlchemy's quoting leaves it bare) nor escaping in the JDBC URL.
     */
    static String newPgName() {
        return "retort_scratch_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * Removes a temporary scratch database while its own connection may still be in use (the JVM is
     * stopping mid-replay): PostgreSQL 13+ ends that session ({@code WITH (FORCE)}). Best effort.
     */
    public void dropWhileInUse(Database checked) {
        if (temporary && pgName != null) {
            try (Statement st = checked.connection().createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(pgName, Dialect.POSTGRESQL) + " WITH (FORCE)");
                return;
            } catch (SQLException e) {
                // before PostgreSQL 13: the plain DROP below, which fails while the session is still there
            }
        }
        try {
            drop(checked);
        } catch (RetortException e) {
            // the JVM is stopping; nothing to report to
        }
    }

    /** Removes a temporary scratch database (best effort: a leftover is named in no error of the check). */
    public void drop(Database checked) {
        if (!temporary) {
            return;
        }
        if (pgName == null) {
            Path file = url.sqliteFile();
            for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
            try {
                Files.deleteIfExists(file.getParent());
            } catch (IOException ignored) {
                // a temporary directory
            }
            return;
        }
        try (Statement st = checked.connection().createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(pgName, Dialect.POSTGRESQL));
        } catch (SQLException e) {
            throw new RetortException("The drift check could not drop its temporary database " + pgName + ": "
                    + e.getMessage() + "; drop it by hand", e);
        }
    }
}
