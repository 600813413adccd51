package dev.retort.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code retort.*} properties of a Spring Boot application. */
@ConfigurationProperties("retort")
public class RetortProperties {
    /** Whether to apply the application's revisions at start-up. */
    private boolean enabled = true;

    /**
     * Where the revision files are: "classpath:" (directories and jars on the class path, also
     * Spring Boot's nested jars) or "filesystem:" locations; several are read as one graph.
     */
    private List<String> locations = new ArrayList<>(List.of("classpath:db/revisions"));

    /** The revision to upgrade to at start-up ("heads", "head", a revision or a branch label). */
    private String target = "heads";

    /** The name of the table that records the applied revisions. */
    private String versionTable = "alembic_version";

    /** The schema of the version table (PostgreSQL); default the connection's. */
    private String versionTableSchema;

    /**
     * How long start-up waits for another retort run on the same database (another instance of the
     * application) to finish: the PostgreSQL advisory lock, SQLite's busy timeout.
     */
    private Duration lockTimeout = Duration.ofMinutes(10);

    /** Whether to apply all pending revisions in one transaction instead of one per revision. */
    private boolean singleTransaction = false;

    /**
     * The database to migrate, when it is not the application's DataSource: a JDBC URL or any
     * URL retort accepts (sqlite:///..., postgresql://...).
     */
    private String url;

    /** The user for "retort.url". */
    private String user;

    /** The password for "retort.url"; never logged. */
    private String password;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getVersionTable() {
        return versionTable;
    }

    public void setVersionTable(String versionTable) {
        this.versionTable = versionTable;
    }

    public String getVersionTableSchema() {
        return versionTableSchema;
    }

    public void setVersionTableSchema(String versionTableSchema) {
        this.versionTableSchema = versionTableSchema;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public boolean isSingleTransaction() {
        return singleTransaction;
    }

    public void setSingleTransaction(boolean singleTransaction) {
        this.singleTransaction = singleTransaction;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
