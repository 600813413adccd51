package dev.retort.api;

import java.time.Duration;
import java.util.List;

/**
 * How a {@code Retort} was configured, as its builder took it (defaults filled in), for an
 * application to log or check; Flyway's {@code getConfiguration()}.
 *
 * @param url                the database URL with its password masked; null when retort connects
 *                           through a {@code DataSource} ({@code Retort.displayUrl()} describes that database)
 * @param locations          where the revision files are read from, in order, each as a string
 *                           {@code locations(...)} takes: {@code filesystem:DIR} or {@code classpath:PATH}
 * @param versionTableSchema null for the connection's default schema
 * @param lockTimeout        how long a run waits for retort's lock (on SQLite, the database's write lock)
 * @param waitTimeout        how long a connection attempt waits for the database to accept it
 * @param sqliteWal          whether a run on SQLite switches the database to WAL
 * @param ddlLockTimeout     PostgreSQL's lock_timeout for each step; zero for none
 * @param ddlRetries         how often a step that hit it is retried
 */
public record Settings(String url, List<String> locations, String versionTable, String versionTableSchema,
                       Duration lockTimeout, Duration waitTimeout, boolean singleTransaction, boolean sqliteWal,
                       Duration ddlLockTimeout, int ddlRetries) {
    public Settings {
        locations = List.copyOf(locations);
    }
}
