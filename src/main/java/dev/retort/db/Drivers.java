package dev.retort.db;

import dev.retort.api.Dialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connects through the dialect's own driver. {@link DriverManager#getConnection} first loads and
 * initialises every {@code java.sql.Driver} on the class path (pgjdbc's logging and timers for a
 * SQLite run), which costs tens of milliseconds of a command's start; the driver retort needs is
 * known from the URL.
 */
final class Drivers {
    private Drivers() {
    }

    static Connection connect(Dialect dialect, String jdbcUrl, Properties props) throws SQLException {
        Driver driver = switch (dialect) {
            case SQLITE -> {
                SqliteNativeLibrary.useCachedCopy();
                yield new org.sqlite.JDBC();
            }
            case POSTGRESQL -> new org.postgresql.Driver();
        };
        Connection connection = driver.connect(jdbcUrl, props);
        // null: a jdbc: URL this driver does not take (another driver on the class path may)
        return connection != null ? connection : DriverManager.getConnection(jdbcUrl, props);
    }
}
