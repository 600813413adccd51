package dev.retort.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.retort.api.RetortException;
import dev.retort.script.Location;
import dev.retort.script.RevisionWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds and reads the configuration file: {@code retort.yaml} or Alembic's {@code alembic.ini}.
 * Every problem — a missing explicit file, unknown key, wrong type, bad value, a syntax error — is
 * a {@link RetortException#usage usage error} (exit 2) whose message starts with the file as it
 * was given (and the line where known) and names the key.
 *
 * <h2>Which file</h2>
 * {@code --config FILE} (passed as {@code explicit}): {@code .yaml}/{@code .yml} is read as
 * retort.yaml, {@code .ini} as alembic.ini; a missing file is an error. Without it:
 * {@code retort.yaml} in the working directory, else {@code alembic.ini} there, else nothing
 * (all defaults). When both exist, retort.yaml wins and alembic.ini is not read.
 *
 * <h2>retort.yaml</h2>
 * One YAML mapping; every key is optional; a key with no value ({@code url:} or {@code url: ~}) is
 * the same as leaving it out.
 * <table>
 *   <caption>retort.yaml keys</caption>
 *   <tr><th>key</th><th>type</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code url}</td><td>string</td><td>database URL; a relative SQLite path
 *       ({@code sqlite:///data/app.db}) is relative to the <em>working directory</em>, as on the
 *       command line</td><td>{@code sqlite:///data/retort.db}</td></tr>
 *   <tr><td>{@code revisions}</td><td>string or list of strings</td><td>revision locations:
 *       {@code classpath:db/revisions}, {@code filesystem:revisions} or a bare directory;
 *       relative paths are relative to the <em>directory of the YAML file</em></td>
 *       <td>{@code revisions/} in the working directory</td></tr>
 *   <tr><td>{@code version_table}</td><td>string</td><td>version table name</td>
 *       <td>{@code alembic_version}</td></tr>
 *   <tr><td>{@code version_table_schema}</td><td>string</td><td>its schema (PostgreSQL)</td>
 *       <td>the connection's default</td></tr>
 *   <tr><td>{@code lock_timeout}</td><td>number, seconds, &ge; 0</td><td>how long a run waits for
 *       another one (PostgreSQL advisory lock, SQLite busy timeout)</td><td>600</td></tr>
 *   <tr><td>{@code revision_format}</td><td>{@code sql} or {@code yaml}</td><td>the format
 *       {@code revision} and {@code merge} write (yaml: a portable revision)</td><td>{@code sql}</td></tr>
 *   <tr><td>{@code transaction_mode}</td><td>{@code per-revision} or {@code single}</td><td>one
 *       transaction per revision, or one for the whole upgrade/downgrade</td>
 *       <td>{@code per-revision}</td></tr>
 *   <tr><td>{@code wait_timeout}</td><td>number, seconds, &ge; 0</td><td>how long to wait for the
 *       database to accept connections</td><td>0</td></tr>
 *   <tr><td>{@code sqlite_wal}</td><td>boolean</td><td>SQLite's WAL journal instead of the rollback
 *       journal</td><td>{@code false}</td></tr>
 * </table>
 * Strings must be YAML strings: {@code version_table: on} or {@code version_table: 2024} is a
 * boolean or a number, so quote it. Anchors/aliases and several documents in one file are refused.
 *
 * <h2>alembic.ini</h2>
 * Parsed as Python's ConfigParser does ({@link IniFile}: {@code %(here)s} is the ini file's
 * absolute directory, {@code %%} a literal {@code %}, no inline comments). From the
 * {@code [alembic]} section (required):
 * <ul>
 *   <li>{@code script_location} — required, as in Alembic; only used for the default of
 *       {@code version_locations}: {@code <script_location>/versions}. Relative to the working
 *       directory, as in Alembic.</li>
 *   <li>{@code version_locations} — revision directories, relative to the working directory,
 *       split by {@code path_separator} (Alembic &ge; 1.16) or else {@code version_path_separator}:
 *       {@code os} ({@code :} on Unix, {@code ;} on Windows), {@code :}, {@code ;}, {@code space},
 *       {@code newline}; when neither is set, on spaces and/or commas (Alembic's legacy split; retort
 *       also splits on line breaks there). Any other separator value is an error, as in Alembic —
 *       including 1.8.1's generated {@code version_path_separator = os  # Use os.pathsep...}, whose
 *       comment is part of the value. Empty means unset.</li>
 *   <li>{@code sqlalchemy.url} — the database URL (Alembic leaves it to env.py; retort reads it).
 *       Empty means unset.</li>
 *   <li>retort extensions, not read by Alembic (which takes them from env.py):
 *       {@code version_table}, {@code version_table_schema}. Empty means unset.</li>
 * </ul>
 * Every other key and section (file_template, truncate_slug_length, timezone, prepend_sys_path,
 * revision_environment, sourceless, output_encoding, [post_write_hooks], [loggers], ...) is
 * accepted and ignored, as Alembic ignores what it does not know. Only {@code [alembic]} is read
 * (Alembic's {@code -n/--name} is not supported); a {@code pkg:path} script_location (a Python
 * package resource) is refused when it would be needed.
 */
public final class ConfigFile {
    /** The file names looked for in the working directory, in this order. */
    public static final String YAML_NAME = "retort.yaml";
    public static final String INI_NAME = "alembic.ini";
    /** The retort.yaml keys, in documentation order. */
    public static final List<String> YAML_KEYS = List.of("url", "revisions", "version_table", "version_table_schema",
            "lock_timeout", "transaction_mode", "wait_timeout", "sqlite_wal", "ddl_lock_timeout", "ddl_retries",
            "revision_format");
    private static final Pattern LEGACY_SPLIT = Pattern.compile("[\\s,]+");

    /** Created on first use: most runs have no retort.yaml, and Jackson's start-up is not free. */
    private static final class Yaml {
        static final YAMLFactory FACTORY = new YAMLFactory();
    }

    private ConfigFile() {
    }

    /**
     * Loads the configuration.
     *
     * @param cwd      the working directory (relative paths in alembic.ini and {@code explicit}
     *                 resolve against it)
     * @param explicit {@code --config FILE}, or null to look for retort.yaml, then alembic.ini, in cwd
     * @return the settings; {@link FileSettings#empty()} when there is no file
     */
    public static FileSettings load(Path cwd, Path explicit) {
        Path base = cwd.toAbsolutePath().normalize();
        if (explicit != null) {
            Path file = base.resolve(explicit).normalize();
            String shown = explicit.toString();
            String lower = String.valueOf(explicit.getFileName()).toLowerCase(Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                if (!Files.exists(file)) {
                    throw RetortException.usage("Config file '" + shown + "' not found");
                }
                return yaml(read(file, shown), file, shown);
            }
            if (lower.endsWith(".ini")) {
                if (!Files.exists(file)) {
                    throw RetortException.usage(noAlembicSection(shown));
                }
                return ini(read(file, shown), file, shown, base);
            }
            throw RetortException.usage("Config file '" + shown + "': expected a retort.yaml (.yaml, .yml) or an"
                    + " alembic.ini (.ini) file");
        }
        Path yaml = base.resolve(YAML_NAME);
        if (Files.exists(yaml)) {
            return yaml(read(yaml, YAML_NAME), yaml, YAML_NAME);
        }
        Path ini = base.resolve(INI_NAME);
        if (Files.exists(ini)) {
            return ini(read(ini, INI_NAME), ini, INI_NAME, base);
        }
        return FileSettings.empty();
    }

    private static String read(Path file, String shown) {
        try {
            if (Files.isDirectory(file)) {
                throw RetortException.usage("Config file '" + shown + "' is a directory");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw RetortException.usage(shown + ": not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw RetortException.usage("Config file '" + shown + "' not found");
        } catch (IOException e) {
            throw RetortException.usage(shown + ": can't read it: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------ YAML

    /** Reads retort.yaml text; {@code file} is where it lives, {@code shown} how messages name it. */
    static FileSettings yaml(String text, Path file, String shown) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        Map<String, Object> values = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = Yaml.FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                t = p.nextToken(); // empty file or empty document
                if (t == null) {
                    return new FileSettings(null, null, null, null, null, null, file);
                }
            }
            if (t != JsonToken.START_OBJECT) {
                throw yamlError(shown, p, "expected a mapping of keys (url: ..., revisions: ...), found "
                        + describe(p, t));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentTokenLocation().getLineNr();
                if (!YAML_KEYS.contains(key)) {
                    String near = Spelling.nearest(key.toLowerCase(Locale.ROOT).replace('-', '_'), YAML_KEYS);
                    throw RetortException.usage(shown + ":" + line + ": unknown key '" + key + "'"
                            + Spelling.didYouMean(near)
                            + " (known: " + String.join(", ", YAML_KEYS) + ")");
                }
                if (lines.containsKey(key)) {
                    throw RetortException.usage(shown + ":" + line + ": duplicate key '" + key + "' (first at line "
                            + lines.get(key) + ")");
                }
                lines.put(key, line);
                p.nextToken();
                Object v = yamlValue(key, p, shown, dir);
                if (v != null) {
                    values.put(key, v);
                }
            }
            if (p.nextToken() != null) {
                throw yamlError(shown, p, "only one YAML document is allowed (found another after '---')");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw RetortException.usage(shown + (line > 0 ? ":" + line : "") + ": not valid YAML: "
                    + yamlProblem(e.getOriginalMessage()));
        } catch (IOException e) {
            throw RetortException.usage(shown + ": can't read it: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        List<Location> dirs = (List<Location>) values.get("revisions");
        return new FileSettings((String) values.get("url"), dirs, (String) values.get("version_table"),
                (String) values.get("version_table_schema"), (Long) values.get("lock_timeout"),
                (Boolean) values.get("transaction_mode"), (Long) values.get("wait_timeout"),
                (Boolean) values.get("sqlite_wal"), file, (Long) values.get("ddl_lock_timeout"),
                (Integer) values.get("ddl_retries"), (RevisionWriter.Format) values.get("revision_format"));
    }

    /** The key's value, checked and converted; null for a YAML null. The parser is on the value. */
    private static Object yamlValue(String key, JsonParser p, String shown, Path dir) throws IOException {
        JsonToken t = p.currentToken();
        int line = p.currentTokenLocation().getLineNr();
        String where = shown + ":" + line + ": " + key;
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw RetortException.usage(where + ": YAML aliases (*name) are not supported; write the value out");
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (key) {
            case "url", "version_table", "version_table_schema" -> {
                return nonBlank(where, string(where, p, t));
            }
            case "revisions" -> {
                List<Location> dirs = new ArrayList<>();
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        String item = shown + ":" + p.currentTokenLocation().getLineNr() + ": revisions";
                        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                            throw RetortException.usage(item + ": YAML aliases (*name) are not supported");
                        }
                        dirs.add(location(item, dir, nonBlank(item, string(item + " entry", p, t))));
                    }
                    if (dirs.isEmpty()) {
                        throw RetortException.usage(where + ": empty list; give at least one directory or leave the"
                                + " key out");
                    }
                } else {
                    dirs.add(location(where, dir, nonBlank(where, string(where, p, t))));
                }
                return dirs;
            }
            case "revision_format" -> {
                RevisionWriter.Format f = RevisionWriter.Format.parse(string(where, p, t));
                if (f == null) {
                    throw RetortException.usage(where + ": expected sql or yaml, found '" + p.getText() + "'");
                }
                return f;
            }
            case "ddl_retries" -> {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw RetortException.usage(where + ": expected a whole number of retries, found " + describe(p, t));
                }
                return Precedence.parseRetries(p.getText(), where);
            }
            case "lock_timeout", "wait_timeout", "ddl_lock_timeout" -> {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw RetortException.usage(where + ": expected a number of seconds, found " + describe(p, t));
                }
                double seconds;
                try {
                    seconds = p.getDoubleValue();
                } catch (IOException | RuntimeException e) {
                    throw RetortException.usage(where + ": '" + p.getText() + "' is not a number of seconds");
                }
                return Precedence.millis(seconds, p.getText(), where,
                        key.equals("wait_timeout") ? "wait timeout" : "lock timeout");
            }
            case "sqlite_wal" -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw RetortException.usage(where + ": expected true or false, found " + describe(p, t));
                }
                return t == JsonToken.VALUE_TRUE;
            }
            case "transaction_mode" -> {
                return Precedence.parseTransactionMode(string(where, p, t), where);
            }
            default -> throw new IllegalStateException(key);
        }
    }

    private static String string(String where, JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        String hint = t.isScalarValue() ? " (quote it if you mean the text '" + p.getText() + "')" : "";
        throw RetortException.usage(where + ": expected a string, found " + describe(p, t) + hint);
    }

    private static String nonBlank(String where, String s) {
        if (s.isBlank()) {
            throw RetortException.usage(where + ": empty value");
        }
        return s.strip();
    }

    /** A {@code revisions} entry: {@code classpath:PATH}, or a directory relative to the file's ({@code dir}). */
    private static Location location(String where, Path dir, String s) {
        Location location;
        try {
            location = Location.parse(s);
        } catch (RetortException e) {
            throw RetortException.usage(where + ": " + e.getMessage());
        }
        return location instanceof Location.Filesystem f ? Location.of(dir.resolve(f.dir()).normalize()) : location;
    }

    private static Path path(String where, String s) {
        try {
            return Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw RetortException.usage(where + ": not a valid path: '" + s + "'");
        }
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the text '" + p.getText() + "'";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case VALUE_EMBEDDED_OBJECT -> "binary data";
            default -> String.valueOf(t);
        };
    }

    private static RetortException yamlError(String shown, JsonParser p, String message) {
        return RetortException.usage(shown + ":" + p.currentTokenLocation().getLineNr() + ": " + message);
    }

    /** SnakeYAML's multi-line problem text without its source excerpts. */
    private static String yamlProblem(String message) {
        if (message == null) {
            return "syntax error";
        }
        List<String> parts = Arrays.stream(message.split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("\t")).toList();
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }

    // ------------------------------------------------------------------------------ alembic.ini

    private static String noAlembicSection(String shown) {
        return "No config file '" + shown + "' found, or file has no '[alembic]' section";
    }

    /** Reads alembic.ini text; relative paths resolve against {@code cwd}, as Alembic does. */
    static FileSettings ini(String text, Path file, String shown, Path cwd) {
        Path here = file.toAbsolutePath().normalize().getParent();
        IniFile ini = IniFile.parse(text, shown, Map.of("here", here.toString()));
        String section = "alembic";
        if (!ini.hasSection(section)) {
            throw RetortException.usage(noAlembicSection(shown));
        }
        String scriptLocation = ini.get(section, "script_location");
        if (scriptLocation == null) {
            throw RetortException.usage(shown + ": No 'script_location' key found in configuration.");
        }
        List<Location> dirs = new ArrayList<>();    // Alembic's paths only (its package: form is not read)
        String locations = ini.get(section, "version_locations");
        if (locations != null && !locations.isEmpty()) {
            String where = shown + ":" + ini.entry(section, "version_locations").line() + ": version_locations";
            for (String loc : splitLocations(ini, section, shown, locations)) {
                dirs.add(Location.of(cwd.resolve(path(where, loc)).normalize()));
            }
        } else {
            String where = shown + ":" + ini.entry(section, "script_location").line() + ": script_location";
            if (scriptLocation.isBlank()) {
                throw RetortException.usage(where + ": empty value");
            }
            if (!Path.of(scriptLocation).isAbsolute() && scriptLocation.contains(":")) {
                throw RetortException.usage(where + ": '" + scriptLocation + "' is a Python package resource"
                        + " (package:path), which retort can't resolve; give a directory, or set version_locations");
            }
            dirs.add(Location.of(cwd.resolve(path(where, scriptLocation)).resolve("versions").normalize()));
        }
        return new FileSettings(emptyIsNull(ini.get(section, "sqlalchemy.url")), dirs,
                emptyIsNull(ini.get(section, "version_table")), emptyIsNull(ini.get(section, "version_table_schema")),
                null, null, file);
    }

    private static List<String> splitLocations(IniFile ini, String section, String shown, String locations) {
        String key = ini.entry(section, "path_separator") != null ? "path_separator" : "version_path_separator";
        String separator = ini.get(section, key);
        if (separator == null) {
            return Arrays.stream(LEGACY_SPLIT.split(locations)).filter(s -> !s.isEmpty()).toList();
        }
        String ch = switch (separator) {
            case "space" -> " ";
            case "newline" -> "\n";
            case "os" -> File.pathSeparator;
            case ":" -> ":";
            case ";" -> ";";
            default -> throw RetortException.usage(shown + ":" + ini.entry(section, key).line() + ": '" + separator
                    + "' is not a valid value for " + key + "; expected 'space', 'newline', 'os', ':', ';'"
                    + (separator.contains("#") ? " (alembic.ini has no inline comments: the '#...' is part of the"
                            + " value; move the comment to its own line)" : ""));
        };
        return Arrays.stream(locations.split(Pattern.quote(ch))).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String emptyIsNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
