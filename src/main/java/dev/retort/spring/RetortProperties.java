package dev.retort.spring;

import dev.retort.api.UrlMask;
import dev.retort.api.Defaults;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code retort.*} properties of a Spring Boot application.
 *
 * @param enabled            Whether to apply the application's revisions at start-up.
 * @param locations          Where the revision files are: "classpath:" (directories and jars on the
 *                           class path, also Spring Boot's nested jars) or "filesystem:" locations;
 *                           several are read as one graph.
 * @param target             The revision to upgrade to at start-up ("heads", "head", a revision or a
 *                           branch label).
 * @param versionTable       The name of the table that records the applied revisions.
 * @param versionTableSchema The schema of the version table (PostgreSQL); default the connection's.
 * @param lockTimeout        How long start-up waits for another retort run on the same database
 *                           (another instance of the application) to finish: the PostgreSQL advisory
 *                           lock, SQLite's busy timeout. A number without a unit is seconds, as the CLI's.
 * @param singleTransaction  Whether to apply all pending revisions in one transaction instead of one
 *                           per revision.
 * @param ddlLockTimeout     PostgreSQL: how long one statement of a revision may wait for a table lock
 *                           before the revision is rolled back and retried (0: wait as long as it takes). A
 *                           number without a unit is seconds.
 * @param ddlRetries         PostgreSQL: how often a revision that hit "ddl-lock-timeout" is retried.
 * @param checkEditedRevisions Whether start-up compares the applied revisions with their files and
 *                           logs a warning naming any edited since it ran (false skips it: about
 *                           0.15 s at 1,000 applied revisions).
 * @param url                The database to migrate when it is not the application's DataSource: a
 *                           JDBC URL or any URL retort accepts (sqlite:///..., postgresql://...).
 * @param user               The user for "retort.url".
 * @param password           The password for "retort.url"; never logged.
 */
@ConfigurationProperties("retort")
public record RetortProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue(RetortProperties.DEFAULT_LOCATION) List<String> locations,
                               @DefaultValue("heads") String target,
                               @DefaultValue(Defaults.VERSION_TABLE) String versionTable,
                               String versionTableSchema,
                               @DurationUnit(ChronoUnit.SECONDS)
                               @DefaultValue(Defaults.LOCK_TIMEOUT_MILLIS / 1000 + "s") Duration lockTimeout,
                               @DefaultValue("" + Defaults.SINGLE_TRANSACTION) boolean singleTransaction,
                               @DurationUnit(ChronoUnit.SECONDS)
                               @DefaultValue(Defaults.DDL_LOCK_TIMEOUT_MILLIS / 1000 + "s") Duration ddlLockTimeout,
                               @DefaultValue("" + Defaults.DDL_RETRIES) int ddlRetries,
                               @DefaultValue("true") boolean checkEditedRevisions,
                               String url, String user, String password) {
    /** Where the revisions are when {@code retort.locations} is not set, or set to nothing. */
    static final String DEFAULT_LOCATION = "classpath:db/revisions";

    public RetortProperties {
        target = target == null || target.isBlank() ? "heads" : target.strip();
        // set to nothing (e.g. "${APP_SCHEMA:}") means not set, as for target and locations
        versionTable = versionTable == null || versionTable.isBlank() ? Defaults.VERSION_TABLE : versionTable.strip();
        versionTableSchema = versionTableSchema == null || versionTableSchema.isBlank() ? null
                : versionTableSchema.strip();
        notNegative("retort.lock-timeout", lockTimeout);
        notNegative("retort.ddl-lock-timeout", ddlLockTimeout);
        if (ddlRetries < 0 || ddlRetries > 1000) {
            throw new IllegalArgumentException("retort.ddl-retries is a number from 0 to 1000, not " + ddlRetries);
        }
        // "retort.locations=" binds as an empty list; it means the default, not the CLI's ./revisions
        locations = locations.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        locations = locations.isEmpty() ? List.of(DEFAULT_LOCATION) : locations;
    }

    private static void notNegative(String property, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(property + " is 0 or more (e.g. 10s, 500ms; a number alone is seconds),"
                    + " not " + (d == null ? null : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms"));
        }
    }

    /** Without the password (a record would print it). */
    @Override
    public String toString() {
        return "RetortProperties[enabled=" + enabled + ", locations=" + locations + ", target=" + target
                + ", versionTable=" + versionTable + ", versionTableSchema=" + versionTableSchema
                + ", lockTimeout=" + lockTimeout + ", singleTransaction=" + singleTransaction
                + ", ddlLockTimeout=" + ddlLockTimeout + ", ddlRetries=" + ddlRetries
                + ", checkEditedRevisions=" + checkEditedRevisions + ", url="
                + UrlMask.of(url) + ", user=" + user
                + ", password=" + (password == null ? null : "XXXXX") + "]";
    }
}
