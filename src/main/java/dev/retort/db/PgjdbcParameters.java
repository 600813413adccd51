package dev.retort.db;

import dev.retort.api.RetortException;
import dev.retort.config.Spelling;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of a PostgreSQL URL, checked against what pgjdbc reads. pgjdbc ignores a name
 * it does not know, so {@code sslMode=verify-full} (its name is {@code sslmode}) would connect without
 * checking the server: such a name is refused before anything is opened. In a {@code postgresql://}
 * URL (Alembic's, read by libpq) libpq's names with a pgjdbc twin of the same meaning are renamed.
 */
final class PgjdbcParameters {
    private PgjdbcParameters() {
    }

    /** libpq's name → pgjdbc's, same values and meaning. */
    private static final Map<String, String> LIBPQ_TWINS = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "gssencmode", "gssEncMode",
            "channel_binding", "channelBinding",
            "sslnegotiation", "sslNegotiation");

    /** libpq's name → pgjdbc's nearest parameter, whose values differ. */
    private static final Map<String, String> LIBPQ_ADVICE = Map.of(
            "target_session_attrs", "pgjdbc's is targetServerType=any|primary|secondary|preferSecondary|preferPrimary",
            "keepalives", "pgjdbc's is tcpKeepAlive=true|false",
            "load_balance_hosts", "pgjdbc's is loadBalanceHosts=true|false",
            "krbsrvname", "pgjdbc's is kerberosServerName",
            "client_encoding", "pgjdbc always talks UTF8, so only client_encoding=utf8 is taken (and left out)");

    /** pgjdbc's connection properties, and the URL names its parser maps to three of them. */
    private static final class Known {
        static final Set<String> NAMES = load();

        private static Set<String> load() {
            Set<String> names = new TreeSet<>(List.of("host", "port", "dbname"));
            try {
                for (org.postgresql.PGProperty p : org.postgresql.PGProperty.values()) {
                    names.add(p.getName());
                }
            } catch (LinkageError noDriver) {
                return null; // no pgjdbc on the class path: connecting says so
            }
            return names;
        }
    }

    /**
     * {@code sent} (empty or {@code ?a=1&b=2}, passwords already taken out) as the JDBC URL's query;
     * {@code libpq}: a {@code postgresql://} URL, whose values are percent-encoded as libpq reads them
     * (pgjdbc reads {@code +} as a space) and whose libpq names are renamed. {@code shown}: the URL
     * as messages show it.
     */
    static String forDriver(String sent, boolean libpq, String shown) {
        if (sent.isEmpty() || Known.NAMES == null) {
            return sent;
        }
        List<String> out = new ArrayList<>();
        for (String param : sent.substring(1).split("&", -1)) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (name.isEmpty()) {
                continue; // "?&a=1", "a=1&": nothing
            }
            if (libpq && LIBPQ_TWINS.containsKey(name)) {
                name = LIBPQ_TWINS.get(name);
            } else if (libpq && name.equals("client_encoding") && value != null
                    && value.replace("-", "").equalsIgnoreCase("utf8")) {
                continue;
            } else if (!Known.NAMES.contains(name)) {
                throw unknown(name, libpq, shown);
            }
            if (!libpq || value == null) {
                out.add(eq < 0 ? name : name + "=" + value);
            } else {
                out.add(name + "=" + URLEncoder.encode(DatabaseUrl.percentDecode(value), StandardCharsets.UTF_8));
            }
        }
        return out.isEmpty() ? "" : "?" + String.join("&", out);
    }

    private static RetortException unknown(String name, boolean libpq, String shown) {
        String start = "The PostgreSQL URL '" + shown + "' has the parameter '" + name + "', which pgjdbc (the"
                + " PostgreSQL JDBC driver retort connects with) does not know and would ignore";
        String advice = libpq ? LIBPQ_ADVICE.get(name) : null;
        if (advice != null) {
            return RetortException.usage(start + ". It is libpq's: " + advice + ".");
        }
        Set<String> candidates = new TreeSet<>(Known.NAMES);
        if (libpq) {
            candidates.addAll(LIBPQ_TWINS.keySet());
        }
        return RetortException.usage(start + Spelling.didYouMean(Spelling.nearestIgnoringCase(name, candidates))
                + " (its parameters: https://jdbc.postgresql.org/documentation/use/#connection-parameters;"
                + " names are case-sensitive)");
    }
}
