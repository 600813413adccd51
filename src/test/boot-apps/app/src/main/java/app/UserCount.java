package app;

import jakarta.annotation.PostConstruct;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Queries a table that a revision creates while the context is still starting. */
@Component
@ConditionalOnProperty(name = "app.probe", havingValue = "true", matchIfMissing = true)
public class UserCount {
    private final JdbcTemplate jdbc;
    private long atStart = -1;

    public UserCount(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostConstruct
    void count() {
        atStart = jdbc.queryForObject("SELECT count(*) FROM app_user", Long.class);
    }

    public long atStart() {
        return atStart;
    }
}
