package dev.retort.db;

import dev.retort.api.RetortException;
import dev.retort.api.UrlMask;
import dev.retort.api.Dialect;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL in any form retort accepts ({@code sqlite:///rel.db}, {@code sqlite:////abs.db},
 * {@code postgresql://user:pass@host:port/db?sslmode=...}, {@code postgres://},
 * {@code postgresql+psycopg2://}, plain {@code jdbc:} URLs), turned into what JDBC needs.
 *
 * @param dialect    the database kind
 * @param jdbcUrl    the JDBC URL, without user and password
 * @param user       user name, or null
 * @param password   password, or null; never printed
 * @param display    the URL as given, with the password replaced by XXXXX (as Alembic shows it)
 * @param sqliteFile for SQLite, the database file (null for an in-memory database)
 * @param sslPassword PostgreSQL's {@code sslpassword} (the client key's password), or null; a
 *                    connection property like the password, never in the JDBC URL
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, String display,
                          Path sqliteFile, String sslPassword) {

    public DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, String display, Path sqliteFile) {
        this(dialect, jdbcUrl, user, password, display, sqliteFile, null);
    }

    /** The URL as shown, never the password (the record's own toString would print it). */
    @Override
    public String toString() {
        return "DatabaseUrl[" + UrlMask.of(display) + (user == null ? "" : ", user " + user) + "]";
    }

    /**
     * The SQLite file to create before connecting, or null: an in-memory database, a {@code file:}
     * URI, or a URL whose options open it read-only ({@code mode=ro}), which the driver handles.
     */
    public Path sqliteFileToCreate() {
        if (sqliteFile == null || jdbcUrl.startsWith("jdbc:sqlite:file:")) {
            return null;
        }
        int q = jdbcUrl.indexOf('?');
        return q >= 0 && jdbcUrl.indexOf("mode=ro", q) >= 0 ? null : sqliteFile;
    }

    /**
     * This URL with a user and a password given beside it (as Spring's {@code retort.user} and
     * {@code retort.password}); null keeps the URL's own. The password is redacted from messages
     * like one written inside a URL.
     */
    public DatabaseUrl withCredentials(String user, String password) {
        remember(password);
        // a user= of the URL's query would win over the connection property: the given user replaces it
        String jdbc = user == null ? jdbcUrl : withoutUserParameter(jdbcUrl);
        // shown as it connects: the given user, not the one written in the URL's user info
        String shown = user == null ? display : withoutUserParameter(display)
                .replaceFirst("//[^/@?]*@", Matcher.quoteReplacement("//" + user + "@"));
        return new DatabaseUrl(dialect, jdbc, user != null ? user : this.user,
                password != null ? password : this.password, shown, sqliteFile, sslPassword);
    }

    private static String withoutUserParameter(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        for (String param : url.substring(q + 1).split("&", -1)) {
            if (!param.regionMatches(true, 0, "user=", 0, "user=".length())) {
                kept.add(param);
            }
        }
        return url.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /** Parses a URL; relative SQLite paths resolve against the working directory. */
    public static DatabaseUrl parse(String url) {
        String u = url.strip();
        if (u.startsWith("jdbc:sqlite:")) {
            String file = u.substring("jdbc:sqlite:".length());
            int q = file.indexOf('?');
            String bare = q < 0 ? file : file.substring(0, q);
            Path p = bare.isEmpty() || bare.equals(":memory:") ? null : Path.of(bare).toAbsolutePath();
            return new DatabaseUrl(Dialect.SQLITE, u, null, null, u, p);
        }
        if (u.startsWith("jdbc:postgresql://")) {
            return postgres("jdbc:postgresql://", u.substring("jdbc:postgresql://".length()), true);
        }
        if (u.startsWith("jdbc:postgresql:")) { // jdbc:postgresql:db, jdbc:postgresql:/ (local server)
            int q = u.indexOf('?');
            Query query = Query.of(q < 0 ? null : u.substring(q + 1), true);
            String base = q < 0 ? u : u.substring(0, q);
            return new DatabaseUrl(Dialect.POSTGRESQL, base + PgjdbcParameters.forDriver(query.sent(), false,
                    base + query.shown()), null, query.password(), base + query.shown(), null);
        }
        int colon = u.indexOf("://");
        if (colon < 0) {
            throw RetortException.usage("Bad database URL '" + UrlMask.of(u) + "': expected sqlite:///FILE,"
                    + " postgresql://USER:PASSWORD@HOST:PORT/DB or a jdbc: URL");
        }
        String scheme = u.substring(0, colon).toLowerCase();
        int plus = scheme.indexOf('+');
        if (plus >= 0) {
            scheme = scheme.substring(0, plus);
        }
        String rest = u.substring(colon + 3);
        switch (scheme) {
            case "sqlite" -> {
                if (rest.isEmpty() || rest.equals("/") || rest.equals("/:memory:")) {
                    return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite::memory:", null, null, u, null);
                }
                if (!rest.startsWith("/")) {
                    throw RetortException.usage("Bad SQLite URL '" + UrlMask.of(u) + "': write sqlite:///relative/path.db or"
                            + " sqlite:////absolute/path.db");
                }
                String path = rest.substring(1);
                int q = path.indexOf('?');
                if (q >= 0) {
                    path = path.substring(0, q);
                }
                Path file = Path.of(path).toAbsolutePath().normalize();
                return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, u, file);
            }
            case "postgresql", "postgres" -> {
                return postgres(u.substring(0, colon + 3), rest, false);
            }
            default -> throw RetortException.usage("Unsupported database '" + scheme + "' in URL '" + UrlMask.of(u)
                    + "': retort supports sqlite and postgresql");
        }
    }

    /**
     * The URL the environment gives: {@code DATABASE_URL}, else one composed from
     * {@code DATABASE_TYPE} (sqlite, postgresql), {@code DATABASE_USER}, {@code DATABASE_PASSWORD},
     * {@code DATABASE_HOST} (default localhost), {@code DATABASE_PORT} and {@code DATABASE_NAME}
     * (for SQLite, the file path); null when neither is set.
     */
    public static String fromEnvironment(java.util.Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        String type = env.get("DATABASE_TYPE");
        if (type == null || type.isBlank()) {
            return null;
        }
        String name = env.getOrDefault("DATABASE_NAME", "");
        switch (type.strip().toLowerCase()) {
            case "sqlite", "sqlite3" -> {
                if (name.isBlank()) {
                    throw RetortException.usage("DATABASE_TYPE=sqlite needs DATABASE_NAME (the database file)");
                }
                return "sqlite:///" + name;
            }
            case "postgresql", "postgres", "pg" -> {
                String user = env.get("DATABASE_USER");
                String password = env.get("DATABASE_PASSWORD");
                String host = env.getOrDefault("DATABASE_HOST", "localhost");
                String port = env.get("DATABASE_PORT");
                StringBuilder b = new StringBuilder("postgresql://");
                if (user != null && !user.isBlank()) {
                    b.append(encode(user));
                    if (password != null && !password.isEmpty()) {
                        b.append(':').append(encode(password));
                    }
                    b.append('@');
                }
                b.append(host.isBlank() ? "localhost" : host);
                if (port != null && !port.isBlank()) {
                    b.append(':').append(port.strip());
                }
                return b.append('/').append(name).toString();
            }
            default -> throw RetortException.usage("DATABASE_TYPE='" + type + "' is not supported; use sqlite or"
                    + " postgresql");
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final Pattern HOST_PARAM = Pattern.compile("(?:^|[?&])host=([^&]*)");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("[?&](?i:(?:ssl)?password)=");
    /** A database path followed by a query parameter: what comes after a user info's @, not inside one. */
    private static final Pattern PATH_AND_QUERY = Pattern.compile("/[^@]*[?&][A-Za-z_][A-Za-z0-9_.-]*=");

    /** One host of a host list: name, IPv4, [IPv6] or a %-encoded socket directory. */
    private static final String HOST_NAME = "(?:\\[[0-9A-Za-z:.%]*\\]|[A-Za-z0-9._~%-]*)";
    /** What follows the user info: hosts with optional ports, up to the database path, the query or the end. */
    private static final Pattern HOSTS = hostList("(?::[0-9]*)?");
    /** Hosts whose ports may be anything ("host:abc"): only to tell a bad port from a bad user info. */
    private static final Pattern HOSTS_ANY_PORT = hostList("(?::[^/?,@]*)?");

    private static Pattern hostList(String port) {
        return Pattern.compile(HOST_NAME + port + "(?:," + HOST_NAME + port + ")*(?=[/?]|$)");
    }

    /**
     * A {@code postgresql://} or {@code jdbc:postgresql://} URL ({@code rest}: after the {@code //}).
     * The user info ends at the last {@code @} that is followed by a host (so a pasted password
     * may hold {@code @ / # ? : + =} unencoded); user and password go to the driver as connection
     * properties, never inside the JDBC URL, so no driver message or warning can show them.
     */
    private static DatabaseUrl postgres(String prefix, String rest, boolean jdbc) {
        int at = userInfoEnd(rest);
        String user = null;
        String password = null;
        String shownUser = "";
        if (at >= 0) {
            String cred = rest.substring(0, at);
            int c = cred.indexOf(':');
            String rawUser = c < 0 ? cred : cred.substring(0, c);
            user = percentDecode(rawUser);
            if (c >= 0) {
                password = percentDecode(cred.substring(c + 1));
                remember(cred.substring(c + 1));
            }
            shownUser = rawUser + (c < 0 ? "" : ":XXXXX") + "@";
        } else if (!HOSTS.matcher(rest).lookingAt()) {
            throw unreadableUserInfo();
        }
        String hostPart = rest.substring(at + 1);
        int q = hostPart.indexOf('?');
        String path = q < 0 ? hostPart : hostPart.substring(0, q);
        if (path.indexOf('#') >= 0) {
            // not part of a host or database name: a password's, after a missing host (in the query, a
            // password= value may hold it, as pgjdbc reads it)
            throw unreadableUserInfo();
        }
        checkPorts(prefix + shownUser + path, path);
        Query query = Query.of(q < 0 ? null : hostPart.substring(q + 1), jdbc);
        refuseUnixSocket(prefix + shownUser + path + query.shown(), path, query.sent());
        password = query.password() != null ? query.password() : password;
        // no database: PostgreSQL's default, the user's name (pgjdbc needs the / to parse the URL)
        String jdbcPath = path.indexOf('/') < 0 ? path + "/" : path;
        String shown = prefix + shownUser + path + query.shown();
        return new DatabaseUrl(Dialect.POSTGRESQL, "jdbc:postgresql://" + jdbcPath
                + PgjdbcParameters.forDriver(query.sent(), !jdbc, shown), user, password, shown, null, query.sslPassword());
    }

    /**
     * libpq's Unix-domain socket forms ({@code ?host=/var/run/postgresql}, {@code postgresql://%2Fvar%2Frun%2Fpostgresql/db},
     * Cloud SQL's {@code ?host=/cloudsql/...}): pgjdbc connects over TCP only, and would fail with
     * "The connection attempt failed." and no reason; said here, before anything is opened.
     */
    private static void refuseUnixSocket(String shown, String path, String query) {
        int slash = path.indexOf('/');
        String hosts = percentDecode(slash < 0 ? path : path.substring(0, slash));
        Matcher host = HOST_PARAM.matcher(query);
        String socket = hosts.startsWith("/") ? hosts : host.find() && percentDecode(host.group(1)).startsWith("/")
                ? percentDecode(host.group(1)) : null;
        if (socket != null) {
            throw RetortException.usage("The PostgreSQL URL '" + shown + "' names the Unix-domain socket directory '"
                    + socket + "', and retort connects over TCP only (pgjdbc). Give the server's host name instead"
                    + " (localhost, with a password or a pg_hba.conf rule for host connections); for Cloud SQL,"
                    + " the TCP port of its Auth Proxy.");
        }
    }

    /** Each host's port, if given, is 1-65535 (else the driver logs a warning and fails to parse the URL). */
    private static void checkPorts(String shown, String path) {
        int slash = path.indexOf('/');
        for (String host : (slash < 0 ? path : path.substring(0, slash)).split(",", -1)) {
            int close = host.indexOf("]:");
            int colon = host.startsWith("[") ? (close < 0 ? -1 : close + 1) : host.lastIndexOf(':');
            String digits = colon >= 0 ? host.substring(colon + 1) : null;    // ":5432" has an empty host
            if (digits != null && !(digits.matches("[0-9]{1,5}") && Integer.parseInt(digits) >= 1
                    && Integer.parseInt(digits) <= 65535)) {
                throw RetortException.usage("Bad port '" + digits + "' in the PostgreSQL URL '" + shown
                        + "': a port is a number from 1 to 65535 (PostgreSQL's default is 5432)");
            }
        }
    }

    /**
     * A URL's query with its {@code password=} and {@code sslpassword=} parameters taken out
     * ({@code sent}: for the driver) and masked ({@code shown}); both empty or starting with {@code ?}.
     */
    private record Query(String sent, String shown, String password, String sslPassword) {
        static Query of(String query, boolean jdbc) {
            if (query == null) {
                return new Query("", "", null, null);
            }
            String password = null;
            String sslPassword = null;
            List<String> sent = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (String param : query.split("&", -1)) {
                int eq = "password=".length();
                if (param.regionMatches(true, 0, "password=", 0, eq)) {
                    remember(param.substring(eq));
                    password = jdbc ? formDecode(param.substring(eq)) : percentDecode(param.substring(eq));
                    remember(password);
                    shown.add(param.substring(0, eq) + "XXXXX");
                } else if (param.regionMatches(true, 0, "sslpassword=", 0, "sslpassword=".length())) {
                    String secret = param.substring("sslpassword=".length());
                    remember(secret);
                    sslPassword = jdbc ? formDecode(secret) : percentDecode(secret);
                    remember(sslPassword);
                    shown.add(param.substring(0, "sslpassword=".length()) + "XXXXX");
                } else {
                    sent.add(param);
                    // "user=app;password=..." (the ; of another driver's URLs): pgjdbc reads one user name, still masked
                    int inner = param.toLowerCase(java.util.Locale.ROOT).indexOf("password=");
                    if (inner > 0) {
                        remember(param.substring(inner + eq));
                        shown.add(param.substring(0, inner + eq) + "XXXXX");
                    } else {
                        shown.add(param);
                    }
                }
            }
            return new Query(sent.isEmpty() ? "" : "?" + String.join("&", sent), "?" + String.join("&", shown),
                    password, sslPassword);
        }
    }

    /**
     * Where the user info of {@code rest} ends: the last {@code @} followed by a host list whose user
     * name (before the first {@code :}) has no {@code /} or {@code ?}, and before which stands no
     * {@code /db?name=} (then the @ is a query value's: {@code ?user=admin@srv}, {@code ?application_name=a@b});
     * -1 when there is no user info.
     */
    private static int userInfoEnd(String rest) {
        // an @ in a password= or sslpassword= parameter (jdbc:postgresql://host/db?user=u&password=p@ss) is its value
        Matcher param = PASSWORD_PARAM.matcher(rest);
        int limit = param.find() ? param.start() : rest.length();
        for (int at = rest.lastIndexOf('@', limit - 1); at >= 0; at = at == 0 ? -1 : rest.lastIndexOf('@', at - 1)) {
            String cred = rest.substring(0, at);
            int c = cred.indexOf(':');
            String name = c < 0 ? cred : cred.substring(0, c);
            Matcher hosts = HOSTS.matcher(rest).region(at + 1, rest.length());
            if (name.indexOf('/') < 0 && name.indexOf('?') < 0 && hosts.lookingAt()
                    && !PATH_AND_QUERY.matcher(cred).find()) {
                int query = rest.indexOf('?', hosts.end());
                if (rest.substring(hosts.end(), query < 0 ? rest.length() : query).indexOf('@') >= 0) {
                    throw unreadableUserInfo(); // an @ in the database name: more likely a password's
                }
                return at;
            }
        }
        int first = rest.indexOf('@');
        if (first >= 0 && first < limit && rest.substring(0, first).indexOf(':') >= 0
                && !PATH_AND_QUERY.matcher(rest.substring(0, first)).find()) {
            int last = rest.lastIndexOf('@', limit - 1);
            // "@host:abc/db": a mistyped port, said as such; what follows the @ may still be a password's, so not shown
            throw HOSTS_ANY_PORT.matcher(rest).region(last + 1, rest.length()).lookingAt() ? RetortException.usage(
                    "The port after the host in the PostgreSQL URL is not a number from 1 to 65535 (the URL is not"
                    + " shown: it may hold a password). Write postgresql://USER:PASSWORD@HOST:PORT/DB, PostgreSQL's"
                    + " default port is 5432; percent-encode an @ or : in the password as %40 or %3A")
                    : unreadableUserInfo();  // user:password@ but no host after any @
        }
        return -1;
    }

    private static RetortException unreadableUserInfo() {
        return RetortException.usage("Can't tell the user, password and host apart in the PostgreSQL URL (not shown:"
                + " it may hold a password). Write postgresql://USER:PASSWORD@HOST:PORT/DB and percent-encode the"
                + " special characters of the user and password: @ as %40, / as %2F, ? as %3F, # as %23, : as %3A,"
                + " % as %25");
    }

    /**
     * Decodes %XX escapes as libpq and SQLAlchemy do: {@code +} stays {@code +}, and a {@code %} that
     * starts no escape stays as it is (URLDecoder would turn {@code +} into a space and throw,
     * quoting the text, on a bare {@code %}).
     */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A query value as pgjdbc decodes it ({@code +} is a space); a bad escape is refused without echo. */
    private static String formDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RetortException.usage("The password= parameter of the JDBC URL has a '%' that starts no %XX escape"
                    + " (not shown); write % as %25");
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Passwords of every URL parsed in this process, longest first, as given and as decoded. */
    private static final java.util.concurrent.ConcurrentSkipListSet<String> SECRETS =
            new java.util.concurrent.ConcurrentSkipListSet<>(
                    java.util.Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));

    /** Shorter strings are not redacted: they would mangle ordinary words of the output. */
    static final int MIN_REDACTED_LENGTH = 4;

    static void remember(String secret) {
        if (secret != null && secret.length() >= MIN_REDACTED_LENGTH) {
            for (String form : List.of(secret, percentDecode(secret))) {
                SECRETS.add(form);
                SECRETS.add(jsonEscaped(form));     // as a --json document prints it
            }
        }
    }

    /**
     * {@code text} with every password of a URL this process parsed replaced by XXXXX: the net under
     * whatever a driver or library may put in a message. The CLI prints everything through it. A
     * password that is a word is replaced where it stands as a word, not inside a longer one: with
     * password {@code postgres}, {@code postgresql://} and {@code postgres_settings} stay as they are.
     */
    public static String redact(String text) {
        return SECRETS.isEmpty() ? text : redact(text, SECRETS);
    }

    /** {@code text} with each of {@code secrets} (longest first) replaced where it does not continue a word. */
    static String redact(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = replaceWhole(out, secret);
        }
        return out;
    }

    private static String replaceWhole(String text, String secret) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = text.indexOf(secret); i >= 0; ) {
            int end = i + secret.length();
            // a secret's letter or digit at its edge must not continue a word of the text
            boolean inWord = (isWordChar(secret.charAt(0)) && i > 0 && isWordChar(text.charAt(i - 1)))
                    || (isWordChar(secret.charAt(secret.length() - 1)) && end < text.length()
                    && isWordChar(text.charAt(end)));
            if (inWord) {
                i = text.indexOf(secret, i + 1);
                continue;
            }
            out = out == null ? new StringBuilder(text.length()) : out;
            out.append(text, copied, i).append("XXXXX");
            copied = end;
            i = text.indexOf(secret, end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String jsonEscaped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
