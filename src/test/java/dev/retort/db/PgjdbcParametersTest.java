package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import dev.retort.testing.PgFixture;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc ignores a query parameter it does not know, so a misspelt one would connect without it
 * (sslMode=verify-full: no certificate check): refused, with the name it meant; libpq's names in an
 * Alembic URL that have a pgjdbc twin are renamed, so they take effect as they do under Alembic.
 */
class PgjdbcParametersTest {
    private static RetortException refused(String url) {
        RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse(url));
        assertEquals(2, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("S3cret"), e.getMessage());
        return e;
    }

    @Test
    void aNamePgjdbcDoesNotKnowIsRefusedWithTheOneItMeant() {
        RetortException caseOnly = refused("jdbc:postgresql://h/db?user=u&password=S3cret&sslMode=verify-full");
        assertEquals("The PostgreSQL URL 'jdbc:postgresql://h/db?user=u&password=XXXXX&sslMode=verify-full' has the"
                + " parameter 'sslMode', which pgjdbc (the PostgreSQL JDBC driver retort connects with) does not know"
                + " and would ignore; did you mean 'sslmode'? (its parameters:"
                + " https://jdbc.postgresql.org/documentation/use/#connection-parameters; names are case-sensitive)",
                caseOnly.getMessage());
        assertTrue(refused("postgresql://u:S3cret@h/db?sslmod=require").getMessage()
                .contains("URL 'postgresql://u:XXXXX@h/db?sslmod=require' has the parameter 'sslmod', which pgjdbc"
                        + " (the PostgreSQL JDBC driver retort connects with) does not know and would ignore; did you"
                        + " mean 'sslmode'?"));
        assertTrue(refused("jdbc:postgresql://h/db?application_name=x").getMessage()
                .contains("did you mean 'ApplicationName'?"), "libpq's name is not pgjdbc's in a jdbc: URL");
        assertTrue(refused("jdbc:postgresql:db?bogus=1").getMessage().contains("'bogus', which pgjdbc"));
        assertFalse(refused("postgresql://h/db?bogus=1").getMessage().contains("did you mean"));
    }

    @Test
    void libpqsNamesWithoutATwinSayWhatPgjdbcHasInstead() {
        assertTrue(refused("postgresql://u:S3cret@h/db?target_session_attrs=read-write").getMessage()
                .endsWith("does not know and would ignore. It is libpq's: pgjdbc's is"
                        + " targetServerType=any|primary|secondary|preferSecondary|preferPrimary."));
        assertTrue(refused("postgresql://h/db?client_encoding=latin1").getMessage()
                .contains("pgjdbc always talks UTF8, so only client_encoding=utf8 is taken"));
        assertEquals("jdbc:postgresql://h/db?sslmode=require",
                DatabaseUrl.parse("postgresql://h/db?client_encoding=UTF8&sslmode=require").jdbcUrl());
    }

    @Test
    void pgjdbcsOwnNamesPassAsWrittenAndLibpqsTwinsAreRenamed() {
        assertEquals("jdbc:postgresql://h/db?ApplicationName=a+b&ssl&host=h2&loggerLevel=OFF",
                DatabaseUrl.parse("jdbc:postgresql://h/db?ApplicationName=a+b&ssl&host=h2&loggerLevel=OFF").jdbcUrl());
        // libpq keeps a + (pgjdbc reads it as a space): encoded for pgjdbc
        assertEquals("jdbc:postgresql://h/db?ApplicationName=a%2Bb&connectTimeout=5&sslrootcert=%2Fetc%2Fca+1.pem",
                DatabaseUrl.parse("postgresql://h/db?application_name=a+b&connect_timeout=5&sslrootcert=/etc/ca%201.pem")
                        .jdbcUrl());
        assertEquals("jdbc:postgresql://h/db?sslmode=disable", DatabaseUrl.parse("postgresql://h/db?&sslmode=disable&")
                .jdbcUrl());
    }

    @Test
    void anAlembicUrlsApplicationNameReachesTheServer() throws Exception {
        String url = PgFixture.newDatabase();
        String withName = url + (url.contains("?") ? "&" : "?") + "application_name=deploy+job%201";
        try (Database db = Database.open(DatabaseUrl.parse(withName), 1000, false);
             Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('application_name')")) {
            rs.next();
            assertEquals("deploy+job 1", rs.getString(1), "as libpq (Alembic) would set it");
        }
    }
}
