package dev.retort.db;

import dev.retort.api.RetortException;
import dev.retort.api.Dialect;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, String display,
                          Path sqliteFile) {

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
        if (u.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, u, null, null, maskJdbcPassword(u), null);
        }
        int colon = u.indexOf("://");
        if (colon < 0) {
            throw RetortException.usage("Bad database URL '" + mask(u) + "': expected sqlite:///FILE,"
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
                    throw RetortException.usage("Bad SQLite URL '" + u + "': write sqlite:///relative/path.db or"
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
                String user = null;
                String password = null;
                int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
                String hostPart = rest;
                if (at >= 0) {
                    String cred = rest.substring(0, at);
                    hostPart = rest.substring(at + 1);
                    int c = cred.indexOf(':');
                    user = decode(c < 0 ? cred : cred.substring(0, c));
                    password = c < 0 ? null : decode(cred.substring(c + 1));
                }
                String display = password == null ? u
                        : u.substring(0, colon + 3) + rest.substring(0, rest.indexOf(':')) + ":XXXXX@" + hostPart;
                return new DatabaseUrl(Dialect.POSTGRESQL, "jdbc:postgresql://" + hostPart, user, password,
                        display, null);
            }
            default -> throw RetortException.usage("Unsupported database '" + scheme + "' in URL '" + mask(u)
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

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String maskJdbcPassword(String u) {
        return u.replaceAll("(?i)(password=)[^&;]*", "$1XXXXX");
    }

    /** Best-effort masking for error messages about URLs that did not parse. */
    static String mask(String u) {
        return maskJdbcPassword(u).replaceAll("(://[^:/@]*:)[^@/]*@", "$1XXXXX@");
    }
}
