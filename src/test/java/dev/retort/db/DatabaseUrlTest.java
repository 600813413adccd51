package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RetortException;
import dev.retort.api.Dialect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void sqliteRelativeAndAbsoluteForms() {
        DatabaseUrl rel = DatabaseUrl.parse("sqlite:///data/app.db");
        assertEquals(Dialect.SQLITE, rel.dialect());
        assertEquals(Path.of("data/app.db").toAbsolutePath().normalize(), rel.sqliteFile());
        assertEquals("sqlite:///data/app.db", rel.display());
        DatabaseUrl abs = DatabaseUrl.parse("sqlite:////tmp/x.db");
        assertEquals("jdbc:sqlite:/tmp/x.db", abs.jdbcUrl());
        assertNull(DatabaseUrl.parse("sqlite://").sqliteFile(), "in memory");
        assertEquals(Path.of("/tmp/y.db"), DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db").sqliteFile());
    }

    @Test
    void sqliteFilesRetortCreatesBeforeConnecting() {
        Path odd = Path.of("data/mode=ro.db").toAbsolutePath().normalize();
        assertEquals(odd, DatabaseUrl.parse("sqlite:///data/mode=ro.db").sqliteFileToCreate(), "a name, not an option");
        assertEquals(Path.of("/tmp/y.db"), DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db?busy_timeout=5").sqliteFileToCreate());
        assertNull(DatabaseUrl.parse("jdbc:sqlite:/tmp/y.db?mode=ro").sqliteFileToCreate(), "read-only");
        assertNull(DatabaseUrl.parse("jdbc:sqlite:file:/tmp/y.db").sqliteFileToCreate(), "a URI: the driver's");
        assertNull(DatabaseUrl.parse("sqlite://").sqliteFileToCreate(), "in memory");
        assertNull(DatabaseUrl.parse("postgresql://h/db").sqliteFileToCreate());
    }

    @Test
    void postgresFormsKeepQueryParametersAndHideThePassword() {
        for (String scheme : new String[] {"postgresql", "postgres", "postgresql+psycopg2", "postgresql+asyncpg"}) {
            DatabaseUrl u = DatabaseUrl.parse(scheme + "://app:s3cr%40t@db.example:6543/shop?sslmode=require");
            assertEquals(Dialect.POSTGRESQL, u.dialect());
            assertEquals("jdbc:postgresql://db.example:6543/shop?sslmode=require", u.jdbcUrl());
            assertEquals("app", u.user());
            assertEquals("s3cr@t", u.password());
            assertEquals(scheme + "://app:XXXXX@db.example:6543/shop?sslmode=require", u.display());
            assertFalse(u.toString().contains("s3cr") && u.display().contains("s3cr"));
        }
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://h/db?user=a&password=hunter2");
        assertEquals("jdbc:postgresql://h/db?user=a&password=XXXXX", jdbc.display());
        assertEquals("postgresql://h/db", DatabaseUrl.parse("postgresql://h/db").display());
    }

    @Test
    void anAtInAPasswordParameterBelongsToThePassword() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:1/appdb?user=app&password=se@cret");
        assertEquals("jdbc:postgresql://127.0.0.1:1/appdb?user=app", u.jdbcUrl());
        assertEquals("se@cret", u.password());
        assertEquals("jdbc:postgresql://127.0.0.1:1/appdb?user=app&password=XXXXX", u.display());
        DatabaseUrl both = DatabaseUrl.parse("postgresql://app@db:5433/shop?sslmode=require&Password=p@ss@word");
        assertEquals("app", both.user());
        assertEquals("p@ss@word", both.password());
        assertEquals("jdbc:postgresql://db:5433/shop?sslmode=require", both.jdbcUrl());
    }

    /** An @ in another query value (Azure's user@server, an application name) is not a user info's end. */
    @Test
    void anAtInAQueryValueIsNotTheEndOfAUserInfo() {
        DatabaseUrl azure = DatabaseUrl.parse("jdbc:postgresql://srv:5432/db?user=admin@srv&password=x9y8z7");
        assertEquals("jdbc:postgresql://srv:5432/db?user=admin@srv", azure.jdbcUrl());
        assertEquals("x9y8z7", azure.password());
        DatabaseUrl app = DatabaseUrl.parse("postgresql://u:p@ss@host/db?application_name=a@b");
        assertEquals("u", app.user());
        assertEquals("p@ss", app.password());
        assertEquals("jdbc:postgresql://host/db?ApplicationName=a%40b", app.jdbcUrl(), "libpq's name, pgjdbc's encoding");
        assertEquals("postgresql://u:XXXXX@host/db?application_name=a@b", app.display());
        DatabaseUrl question = DatabaseUrl.parse("postgresql://u:12?a=b@host/db");
        assertEquals("12?a=b", question.password(), "a ? in a password, with no / before it, is still the password's");
        RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse("postgresql://u:a/b?k=v@host/db"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("a/b"), e.getMessage());
    }

    @Test
    void toStringAndMaskNeverShowThePassword() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h/db?password=Wq@rd/x&user=u&sslpassword=k3yk3y");
        assertFalse(u.toString().contains("Wq@rd") || u.toString().contains("k3yk3y"), u.toString());
        assertEquals("jdbc:postgresql://h/db?user=u&password=XXXXX", dev.retort.api.UrlMask.of("jdbc:postgresql://h/db?user=u&password=Semi;Secret"));
    }

    @Test
    void givenCredentialsReplaceTheUrlsUserParameter() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h:5432/app?user=postgres&sslmode=require")
                .withCredentials("migrator", "pw123456");
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", u.jdbcUrl());
        assertEquals("migrator", u.user());
        assertEquals("jdbc:postgresql://h:5432/app?sslmode=require", u.display());
        assertEquals("postgresql://mig$1@h/db", DatabaseUrl.parse("postgresql://bob:pw123456@h/db")
                .withCredentials("mig$1", null).display(), "shown as it connects");
        assertEquals("jdbc:postgresql://h/app?user=postgres",
                DatabaseUrl.parse("jdbc:postgresql://h/app?user=postgres").withCredentials(null, "pw123456").jdbcUrl());
    }

    @Test
    void anSslPasswordIsAConnectionPropertyAndNeverShown() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://db/shop?sslkey=/k.pk8&sslpassword=k3y@pass&user=app");
        assertEquals("jdbc:postgresql://db/shop?sslkey=/k.pk8&user=app", u.jdbcUrl(), "a connection property");
        assertEquals("k3y@pass", u.sslPassword());
        assertEquals("jdbc:postgresql://db/shop?sslkey=/k.pk8&sslpassword=XXXXX&user=app", u.display());
        assertEquals("Can't connect: XXXXX", DatabaseUrl.redact("Can't connect: k3y@pass"));
    }

    @Test
    void aPortOutsideOneTo65535IsAUsageError() {
        for (String port : new String[] {"99999", "0", "", "123456"}) {
            RetortException e = assertThrows(RetortException.class,
                    () -> DatabaseUrl.parse("postgresql://app:s3cret@127.0.0.1:" + port + "/appdb"));
            assertEquals(2, e.exitCode(), port);
            assertTrue(e.getMessage().startsWith("Bad port '" + port + "' in the PostgreSQL URL"
                    + " 'postgresql://app:XXXXX@127.0.0.1:" + port + "/appdb'"), e.getMessage());
        }
        assertEquals(2, assertThrows(RetortException.class,
                () -> DatabaseUrl.parse("jdbc:postgresql://a:5432,[::1]:70000/db")).exitCode(), "each host of a list");
        for (String url : new String[] {"postgresql://u:s3cr3t@127.0.0.1:abc/db", "postgresql://u:p@ss@[::1]:x/db",
                "jdbc:postgresql://u:s3cr3t@h:5432x", "postgresql://u:s3cr3t@a:1,b:-1/db"}) {
            RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse(url), url);
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("The port after the host in the PostgreSQL URL is not a number from 1"
                    + " to 65535 (the URL is not shown"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t") || e.getMessage().contains("p@ss"), e.getMessage());
        }
        assertEquals(2, assertThrows(RetortException.class,
                () -> DatabaseUrl.parse("postgresql://u:pw@:0/db")).exitCode(), "an empty host's port too");
        assertEquals("jdbc:postgresql://a:5432,[::1]:65535,b/db",
                DatabaseUrl.parse("jdbc:postgresql://a:5432,[::1]:65535,b/db").jdbcUrl());
        assertEquals("jdbc:postgresql://[::1]/db", DatabaseUrl.parse("postgresql://[::1]/db").jdbcUrl());
        DatabaseUrl noDatabase = DatabaseUrl.parse("postgresql://app:s3cret@127.0.0.1:5432");
        assertEquals("jdbc:postgresql://127.0.0.1:5432/", noDatabase.jdbcUrl(), "the user's database, as libpq");
        assertEquals("postgresql://app:XXXXX@127.0.0.1:5432", noDatabase.display());
    }

    @Test
    void badUrlsAreUsageErrorsThatDoNotLeakPasswords() {
        RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse("mysql://u:pw@h/db"));
        assertEquals(2, e.exitCode());
        assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        assertEquals(2, assertThrows(RetortException.class, () -> DatabaseUrl.parse("not a url")).exitCode());
        assertEquals(2, assertThrows(RetortException.class, () -> DatabaseUrl.parse("sqlite:relative.db")).exitCode());
    }

    @Test
    void environmentComposesTheUrlWhenDatabaseUrlIsUnset() {
        assertEquals("postgresql://svc:p%40ss%20word@pg:5433/app", DatabaseUrl.fromEnvironment(Map.of(
                "DATABASE_TYPE", "postgresql", "DATABASE_USER", "svc", "DATABASE_PASSWORD", "p@ss word",
                "DATABASE_HOST", "pg", "DATABASE_PORT", "5433", "DATABASE_NAME", "app")));
        assertEquals("p@ss word", DatabaseUrl.parse(DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "postgres",
                "DATABASE_USER", "svc", "DATABASE_PASSWORD", "p@ss word", "DATABASE_NAME", "app"))).password());
        assertEquals("sqlite:///data/x.db", DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "sqlite",
                "DATABASE_NAME", "data/x.db")));
        assertEquals("sqlite:///given.db", DatabaseUrl.fromEnvironment(Map.of("DATABASE_URL", "sqlite:///given.db",
                "DATABASE_TYPE", "postgresql")), "DATABASE_URL wins");
        assertNull(DatabaseUrl.fromEnvironment(Map.of()));
        assertEquals(2, assertThrows(RetortException.class,
                () -> DatabaseUrl.fromEnvironment(Map.of("DATABASE_TYPE", "oracle"))).exitCode());
    }

    /** Passwords pasted as they are (base64, generated): the last @ followed by a host ends the user info. */
    @Test
    void unencodedPasswordsEndAtTheLastAtBeforeTheHost() {
        for (String pw : new String[] {"Zm9v/YmFy+cXV4=", "p@ss/w#rd", "a/b#c@d?e:f%g+h=i", "x:y@z", "%zz+%2"}) {
            DatabaseUrl u = DatabaseUrl.parse("postgresql://owui:" + pw + "@db.example:5432/app?sslmode=require");
            assertEquals("owui", u.user());
            assertEquals(pw, u.password(), "+ stays +, a % that starts no escape stays %");
            assertEquals("jdbc:postgresql://db.example:5432/app?sslmode=require", u.jdbcUrl());
            assertEquals("postgresql://owui:XXXXX@db.example:5432/app?sslmode=require", u.display());
        }
        assertEquals("p@ss/w#rd", DatabaseUrl.parse("postgresql://u:p%40ss%2Fw%23rd@h/db").password(), "encoded");
        assertEquals("a+b", DatabaseUrl.parse("postgresql://u:a+b@h/db").password(), "as libpq and SQLAlchemy");
        DatabaseUrl multi = DatabaseUrl.parse("postgresql://u:p/w@h1:5432,h2:5433/db");
        assertEquals("p/w", multi.password());
        assertEquals("jdbc:postgresql://h1:5432,h2:5433/db", multi.jdbcUrl());
        // a password= parameter holds its value as it is, # included (pgjdbc reads no fragment)
        DatabaseUrl param = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/app1?user=app&password=S3cr#t:p@ss/w");
        assertEquals("S3cr#t:p@ss/w", param.password());
        assertFalse(dev.retort.api.UrlMask.of("jdbc:postgresql://127.0.0.1:5432/app1?user=app&password=S3cr#t:p@ss/w")
                .contains("S3cr"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/app1?user=app", param.jdbcUrl());
        assertEquals("postgresql://h/db?password=XXXXX", DatabaseUrl.parse("postgresql://h/db?password=a#b").display());
        DatabaseUrl noInfo = DatabaseUrl.parse("postgresql://h/db?application_name=me@work");
        assertNull(noInfo.user(), "an @ in the query is not user info");
        assertEquals("jdbc:postgresql://h/db?ApplicationName=me%40work", noInfo.jdbcUrl());
    }

    @Test
    void urlsWhoseUserInfoCannotBeFoundAreRefusedWithoutEchoingThem() {
        for (String url : new String[] {"postgresql://u:Wq9 zX@bad host/db", "postgresql://u:Wq9@zX/w#rd@local host/db",
                "postgresql://u:Wq9zX/x", "jdbc:postgresql://h/db?password=Wq9%zz"}) {
            RetortException e = assertThrows(RetortException.class, () -> DatabaseUrl.parse(url), url);
            assertEquals(2, e.exitCode());
            assertFalse(e.getMessage().contains("Wq9") || e.getMessage().contains("zX"), e.getMessage());
            assertTrue(e.getMessage().contains("%25") || e.getMessage().contains("%40"), "says to percent-encode");
        }
        assertFalse(dev.retort.api.UrlMask.of("mysql://u:pa/ss@h/db").contains("pa/ss"));
    }

    @Test
    void passwordsInTheQueryGoToTheDriverAsPropertiesNotInTheUrl() {
        DatabaseUrl spring = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=app&password=p%2Fw%40x+y&ssl=true");
        assertEquals("p/w@x y", spring.password(), "decoded as pgjdbc decodes its query");
        assertEquals("jdbc:postgresql://h:5432/db?user=app&ssl=true", spring.jdbcUrl());
        assertEquals("jdbc:postgresql://h:5432/db?user=app&password=XXXXX&ssl=true", spring.display());
        DatabaseUrl libpq = DatabaseUrl.parse("postgresql://app@h/db?password=a+b/c");
        assertEquals("a+b/c", libpq.password());
        assertEquals("jdbc:postgresql://h/db", libpq.jdbcUrl());
        assertEquals("postgresql://app@h/db?password=XXXXX", libpq.display());
        DatabaseUrl local = DatabaseUrl.parse("jdbc:postgresql:shop?password=hunter22");
        assertEquals("jdbc:postgresql:shop", local.jdbcUrl());
        assertEquals("hunter22", local.password());
        DatabaseUrl withInfo = DatabaseUrl.parse("jdbc:postgresql://app:Zm9v/YmFy=@h/db");
        assertEquals("Zm9v/YmFy=", withInfo.password());
        assertEquals("jdbc:postgresql://h/db", withInfo.jdbcUrl());
    }

    @Test
    void redactHidesEveryPasswordParsedInAnyForm() {
        DatabaseUrl.parse("postgresql://u:Re%2Fdact%40Me@h/db");
        assertEquals("x XXXXX y XXXXX", DatabaseUrl.redact("x Re/dact@Me y Re%2Fdact%40Me"));
        DatabaseUrl.parse("postgresql://u:abc@h/db");
        assertEquals("abc", DatabaseUrl.redact("abc"), "too short to tell from ordinary words");
    }

    /** Pure: registering "postgres" or "head" in this JVM would mask them in every later test's output. */
    @Test
    void aPasswordThatIsAWordIsRedactedAsAWordOnly() {
        List<String> postgres = List.of("postgres");
        assertEquals("postgresql://u:XXXXX@h/db", DatabaseUrl.redact("postgresql://u:postgres@h/db", postgres));
        assertEquals("CREATE TABLE postgres_settings; GRANT ALL TO XXXXX;",
                DatabaseUrl.redact("CREATE TABLE postgres_settings; GRANT ALL TO postgres;", postgres));
        assertEquals("user \"XXXXX\" failed, as 1postgres and postgres1", DatabaseUrl.redact(
                "user \"postgres\" failed, as 1postgres and postgres1", postgres));
        assertEquals("{\"heads_in_database\": [], \"is_head\": true, \"rows\": \"XXXXX\"}", DatabaseUrl.redact(
                "{\"heads_in_database\": [], \"is_head\": true, \"rows\": \"head\"}", List.of("head")));
        assertEquals("aXXXXX", DatabaseUrl.redact("a#wh4t", List.of("#wh4t")), "its # may follow a letter");
        DatabaseUrl.parse("postgresql://u:pa%22ss1@h/db");
        assertEquals("{\"error\":\"no XXXXX\"}", DatabaseUrl.redact("{\"error\":\"no pa\\\"ss1\"}"),
                "as a JSON document escapes it");
    }

    /** A password= after a ; (another driver's URL habit) is part of pgjdbc's user value, and still masked. */
    @Test
    void aPasswordAfterASemicolonIsMasked() {
        for (String url : java.util.List.of("jdbc:postgresql://h/trial?user=trial;password=S3cr3tpw",
                "postgresql://h/trial?user=trial;Password=S3cr3tpw&ssl=true")) {
            DatabaseUrl parsed = DatabaseUrl.parse(url);
            assertFalse(parsed.display().contains("S3cr3tpw"), parsed.display());
            assertTrue(parsed.display().contains("XXXXX"), parsed.display());
            assertEquals("user trial;password=XXXXX failed", DatabaseUrl.redact("user trial;password=S3cr3tpw failed"));
        }
    }

    /** Records print their components; those holding a URL as given print it masked. */
    @Test
    void recordsHoldingAUrlPrintItWithoutThePassword() {
        String url = "postgresql://app:pa@ss:w/rd@db.example:5432/app";
        String jdbc = "jdbc:postgresql://db.example/app?user=app&password=pa@ss:w/rd&ssl=true";
        for (String u : java.util.List.of(url, jdbc)) {
            java.util.List<Object> records = java.util.List.of(
                    dev.retort.api.CopyOptions.builder().from("sqlite:///app.db").to(u).build(),
                    new dev.retort.config.Precedence.CliValues(u, null, null, null, null, null),
                    new dev.retort.config.FileSettings(u, null, null, null, null, null, null),
                    new dev.retort.config.Precedence.Resolved(u, java.util.List.of(), "alembic_version", null, 0,
                            false, 0, false, 0, 0, Map.of()));
            for (Object r : records) {
                assertFalse(r.toString().contains("pa@ss"), r.toString());
                assertTrue(r.toString().contains("XXXXX"), r.toString());
            }
        }
    }

    /** As libpq: PGUSER and PGPASSWORD where a PostgreSQL URL has no user or password; the URL's win. */
    @Test
    void libpqsUserAndPasswordVariablesFillWhatTheUrlLeavesOut() {
        Map<String, String> env = Map.of("PGUSER", "deploy", "PGPASSWORD", "from-env-pw");
        java.util.Properties p = Database.credentials(DatabaseUrl.parse("postgresql://db.example/app"), env);
        assertEquals("deploy", p.getProperty("user"));
        assertEquals("from-env-pw", p.getProperty("password"));
        assertEquals("XXXXX said", DatabaseUrl.redact("from-env-pw said"), "masked like a URL's password");
        p = Database.credentials(DatabaseUrl.parse("postgresql://app:url-pw@db.example/app"), env);
        assertEquals("app", p.getProperty("user"));
        assertEquals("url-pw", p.getProperty("password"));
        assertTrue(Database.credentials(DatabaseUrl.parse("sqlite:///app.db"), env).isEmpty(), "SQLite has no login");
        assertTrue(Database.credentials(DatabaseUrl.parse("postgresql://db.example/app"), Map.of("PGPASSWORD", " "))
                .isEmpty(), "blank is unset");
    }
}
