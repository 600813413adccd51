package dev.retort.db;

import dev.retort.RetortException;
import dev.retort.config.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** An open connection to the database a command works on. */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final Connection connection;

    private Database(DatabaseUrl url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /**
     * Connects. A SQLite file's directory is created when missing, and writers wait for each
     * other up to {@code busyTimeoutMillis} instead of failing with "database is locked".
     */
    public static Database open(DatabaseUrl url, int busyTimeoutMillis) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        if (url.dialect() == Dialect.SQLITE) {
            props.setProperty("busy_timeout", Integer.toString(busyTimeoutMillis));
            props.setProperty("transaction_mode", "IMMEDIATE");
            if (url.sqliteFile() != null && url.sqliteFile().getParent() != null) {
                try {
                    Files.createDirectories(url.sqliteFile().getParent());
                } catch (IOException e) {
                    throw new RetortException("Can't create the directory of the SQLite database "
                            + url.sqliteFile() + ": " + e.getMessage());
                }
            }
        } else {
            props.setProperty("ApplicationName", "retort");
        }
        try {
            return new Database(url, DriverManager.getConnection(url.jdbcUrl(), props));
        } catch (SQLException e) {
            throw new RetortException("Can't connect to " + url.display() + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort
        }
    }
}
