package dev.retort.script;

import dev.retort.api.RetortException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the revision files of one or more {@link Location}s, in "map order": locations in the
 * order given, files within a directory sorted by name ({@link String#compareTo}), as Alembic ≥
 * 1.10 does. A {@code classpath:} location is every directory of that name the class loader
 * knows ({@link ClassLoader#getResources}), in its order: directories ({@code file:} URLs) and
 * jars, Spring Boot's nested jars included ({@code jar:} URLs, opened as a {@link JarURLConnection},
 * which Boot's URL handler provides too).
 *
 * <ul>
 * <li>{@code *.sql} files are read by {@link SqlRevisionReader}, portable {@code *.yaml} and
 *     {@code *.yml} files by {@link PortableRevisionReader}; {@code *.py} files by
 *     {@link PythonRevisionReader} when Alembic would load them (its rule
 *     {@code ^(?!\.#|__init__)(.*\.py)$}: {@code __init__*.py} and Emacs lock files {@code .#*}
 *     are skipped; hidden files are read). Lock files {@code .#*.sql} are skipped too. Other
 *     files and sub-directories are ignored; directories are not descended.</li>
 * <li>A directory or a jar given twice (after resolving symbolic links) is read once.</li>
 * <li>A directory that does not exist is a usage error (exit 2), hinting {@code classpath:} when
 *     the class path has it (the command line says Alembic's words first); so is a classpath
 *     location found nowhere.</li>
 * <li>Two files with the same revision id are an error naming both, unless they are the same
 *     file reached through a link (then the second is skipped, as Alembic does).</li>
 * </ul>
 * Unknown down revisions, cycles and duplicate branch labels are the revision map's business.
 */
public final class ScriptDirectory {
    /** What to do when the locale's encoding can't read a name: the command line's refusal says it too. */
    public static final String UTF8_LOCALE_ADVICE = "Run with a UTF-8 locale (LC_ALL=C.UTF-8, or a LANG ending in .UTF-8)";

    private ScriptDirectory() {
    }

    /** Reads every revision file of the filesystem directories {@code dirs}. */
    public static List<Revision> load(List<Path> dirs) {
        return load(dirs.stream().map(Location::of).toList(), ScriptDirectory.class.getClassLoader());
    }

    /**
     * Reads every revision file of {@code locations}, {@code classpath:} ones through
     * {@code loader}; the result is unmodifiable and in map order.
     */
    public static List<Revision> load(List<Location> locations, ClassLoader loader) {
        List<Candidate> files = new ArrayList<>();
        Set<Path> seenDirs = new HashSet<>();
        Set<String> seenUrls = new HashSet<>();
        List<JarFile> jars = new ArrayList<>();
        try {
            for (Location location : locations) {
                if (location instanceof Location.Classpath c) {
                    classpath(c, loader, seenDirs, seenUrls, jars, files);
                } else {
                    directory(((Location.Filesystem) location).dir(), loader, seenDirs, files);
                }
            }
            return read(files);
        } finally {
            for (JarFile jar : jars) {
                try {
                    jar.close();
                } catch (IOException e) {
                    // read already; nothing to lose
                }
            }
        }
    }

    private static void directory(Path dir, ClassLoader loader, Set<Path> seenDirs, List<Candidate> files) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw RetortException.usage("Path doesn't exist: '" + dir.toAbsolutePath().normalize() + "'. "
                    + missingDirectoryAdvice(dir, loader));
        }
        if (!Files.isDirectory(real)) {
            throw RetortException.usage("Path '" + dir.toAbsolutePath().normalize()
                    + "' is not a directory; give the directory that holds the revision files");
        }
        listOnce(dir, real, null, seenDirs, files);
    }

    /**
     * A bare {@code db/revisions} is a directory on disk, as Alembic's {@code --revisions} and the
     * README have it; Flyway's users mean the class path by it, so say so when it is there.
     */
    private static String missingDirectoryAdvice(Path dir, ClassLoader loader) {
        String resource = dir.isAbsolute() ? null : dir.normalize().toString().replace('\\', '/');
        if (resource != null && !resource.isEmpty() && !resource.startsWith("..")
                && loader.getResource(resource + "/") != null) {
            return "A location without a prefix is a directory on disk; '" + resource + "' is on the class path:"
                    + " give it as " + Location.CLASSPATH + resource + ".";
        }
        return "Create the directory, or give where the revision files are: a directory on disk, or "
                + Location.CLASSPATH + "PATH for a directory on the class path.";
    }

    /** How messages name a classpath file: {@code prefix + name + suffix}. */
    private record Shown(String prefix, String suffix) {
        String of(String name) {
            return prefix + name + suffix;
        }
    }

    /**
     * Adds the candidates of {@code dir} (whose real path is {@code real}) unless that directory
     * was listed already; {@code shown} names a classpath one's files, null for a filesystem one.
     */
    private static void listOnce(Path dir, Path real, Shown shown, Set<Path> seenDirs, List<Candidate> files) {
        if (seenDirs.add(real)) {
            candidates(dir).forEach(name -> files.add(new InDirectory(dir, name, shown == null ? null : shown.of(name))));
        }
    }

    /**
     * Lists one classpath location's directories and jars. The JDK's URL connections (and Spring
     * Boot's handler for its nested jars) already list one directory, which is all retort needs; a
     * class-path scanner such as ClassGraph would scan every entry of the class path and extract
     * nested jars to temporary files.
     */
    private static void classpath(Location.Classpath location, ClassLoader loader, Set<Path> seenDirs,
                                  Set<String> seenUrls, List<JarFile> jars, List<Candidate> files) {
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(location.path()));
        } catch (IOException e) {
            throw new RetortException(location + ": cannot list the class path (" + masked(e.getMessage()) + ")");
        }
        if (urls.isEmpty()) {
            throw RetortException.usage("Location '" + location + "' is not on the class path: no directory or jar"
                    + " holds '" + location.path() + "/'. Put the revision files there (a jar must hold the"
                    + " directory's own entry, as jar, Maven and Gradle write it) or give a filesystem: location.");
        }
        for (URL url : urls) {
            if (!seenUrls.add(url.toString())) {     // by text: URL.hashCode may resolve the host
                continue;
            }
            switch (url.getProtocol()) {
                case "file" -> {
                    Path dir = fileOf(url);
                    Path real;
                    try {
                        real = dir.toRealPath();
                    } catch (IOException e) {
                        continue;   // listed by the loader but gone since
                    }
                    if (!Files.isDirectory(real)) {
                        throw notADirectory(location, url);
                    }
                    listOnce(dir, real, new Shown(location + "/", " (in " + root(dir, location.path()) + ")"),
                            seenDirs, files);
                }
                case "jar" -> jar(location, url, seenUrls, jars, files);
                default -> throw new RetortException("Location '" + location + "' is at " + masked(url) + ", whose protocol '"
                        + url.getProtocol() + "' retort cannot list; put the revision files in a directory or a jar"
                        + " on the class path, or give a filesystem: location");
            }
        }
    }

    /** @param seen the places read so far; a jar file reached by two paths (a symbolic link) is read once */
    private static void jar(Location.Classpath location, URL url, Set<String> seen, List<JarFile> jars,
                            List<Candidate> files) {
        JarFile jar;
        String prefix;
        String in;
        try {
            URLConnection c = url.openConnection();
            if (!(c instanceof JarURLConnection connection)) {
                throw new RetortException("Location '" + location + "' is at " + masked(url) + ", whose handler gives no"
                        + " jar connection; put the revision files in a directory or a jar on the class path");
            }
            URL jarFileUrl = connection.getJarFileURL();
            String entry = connection.getEntryName();
            Path file = realJarFile(jarFileUrl);
            if (file != null && !seen.add(file + "!/" + entry)) {
                return;
            }
            connection.setUseCaches(false);     // our own JarFile, closed when read; the loader's stays open
            jar = connection.getJarFile();
            jars.add(jar);
            JarEntry own = connection.getJarEntry();
            if (own != null && !own.isDirectory()) {
                throw notADirectory(location, url);
            }
            prefix = entry == null || entry.isEmpty() ? "" : entry.endsWith("/") ? entry : entry + "/";
            in = " (in " + jarName(jarFileUrl) + ")";
        } catch (IOException e) {
            throw new RetortException("Location '" + location + "': cannot open " + masked(url) + " ("
                    + masked(e.getMessage()) + ")");
        }
        List<JarEntry> entries = new ArrayList<>();
        for (JarEntry e : Collections.list(jar.entries())) {
            String name = e.getName();
            if (!e.isDirectory() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0
                    && isCandidate(name.substring(prefix.length()))) {
                entries.add(e);
            }
        }
        entries.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (JarEntry e : entries) {
            String name = e.getName().substring(prefix.length());
            files.add(new InJar(jar, e, name, location + "/" + name + in));
        }
    }

    /** The jar's file with symbolic links resolved, or null when it is no plain file (a nested jar). */
    private static Path realJarFile(URL jarFileUrl) {
        if (!"file".equals(jarFileUrl.getProtocol())) {
            return null;
        }
        try {
            return fileOf(jarFileUrl).toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;    // the jar connection reports what is wrong with it
        }
    }

    private static RetortException notADirectory(Location.Classpath location, URL url) {
        return RetortException.usage("Location '" + location + "' is a file (" + masked(url) + "), not a directory; give the"
                + " directory that holds the revision files");
    }

    /**
     * A class path URL (or a message naming one) with the password of its user info masked
     * ({@code http://user:XXXXX@host/lib/}): it ends up in messages and, for a jar, in the history
     * table's file column.
     */
    static String masked(Object url) {
        return String.valueOf(url).replaceAll("(//[^/@:]*):[^/@]*@", "$1:XXXXX@");
    }

    /** The directory a {@code file:} URL names. */
    private static Path fileOf(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(decoded(url.getPath()));
        }
    }

    /** A URL's %-escapes decoded; a {@code +} stays a plus (URLDecoder alone reads form data, where it is a space). */
    private static String decoded(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The class path entry (directory) that holds {@code dir} as {@code path}. */
    private static Path root(Path dir, String path) {
        Path root = dir;
        for (int i = path.split("/").length; i > 0 && root.getParent() != null; i--) {
            root = root.getParent();
        }
        return root;
    }

    /**
     * A jar as a user finds it: a file's path, a Spring Boot nested jar as
     * {@code /app/app.jar!/BOOT-INF/lib/revs.jar} (its URL is {@code nested:/app/app.jar/!BOOT-INF/lib/revs.jar}).
     */
    private static String jarName(URL jarFile) {
        if ("file".equals(jarFile.getProtocol())) {
            return fileOf(jarFile).toString();
        }
        String s = masked(decoded(jarFile.toString()));
        return s.startsWith("nested:") ? s.substring("nested:".length()).replace("/!", "!/") : s;
    }

    /** Reads the candidates in parallel, then reports the first failure in map order. */
    private static List<Revision> read(List<Candidate> files) {
        List<Object> results = files.parallelStream().map(Candidate::readOrFailure).toList();
        List<Revision> revisions = new ArrayList<>(results.size());
        Map<String, Revision> byId = new HashMap<>();
        for (Object result : results) {
            if (result instanceof RetortException e) {
                throw e;
            }
            Revision r = (Revision) result;
            if (r == null) {
                continue;
            }
            Revision earlier = byId.putIfAbsent(r.id(), r);
            if (earlier != null) {
                if (sameFile(earlier.file(), r.file())) {
                    continue;
                }
                throw new RetortException("Revision " + r.id() + " is present more than once: in "
                        + earlier.location() + " and in " + r.location() + "; give each revision its own id");
            }
            revisions.add(r);
        }
        return List.copyOf(revisions);
    }

    /** A file that may be a revision file, found in a location. */
    private sealed interface Candidate {
        /** Its Revision, null for a directory that merely has a revision-like name, or the RetortException reading it raised. */
        Object readOrFailure();
    }

    /**
     * A file of a directory; made a Path in the reading threads (10,000 cost ~30 ms).
     *
     * @param location how messages name a classpath one, null for a filesystem one (its path)
     */
    private record InDirectory(Path dir, String name, String location) implements Candidate {
        @Override
        public Object readOrFailure() {
            Path file;
            try {
                file = dir.resolve(name);
            } catch (InvalidPathException e) {   // the JVM's file-name encoding (from the locale) can't map the name
                String encoding = System.getProperty("sun.jnu.encoding");
                return new RetortException(dir + ": the name of the file '" + name + "' has characters that this"
                        + " locale's encoding (" + encoding + ") can't represent, so it can't be read. "
                        + UTF8_LOCALE_ADVICE + ", or rename the file.", e);
            }
            try {
                Origin origin = location == null ? Origin.of(file) : new Origin(location, null, name);
                return parse(name, origin, Texts.readBytes(file));
            } catch (RetortException e) {
                return Files.isDirectory(file) ? null : e;
            }
        }
    }

    /** An entry of a jar (never a directory entry). */
    private record InJar(JarFile jar, JarEntry entry, String name, String location) implements Candidate {
        @Override
        public Object readOrFailure() {
            Origin origin = new Origin(location, null, name);
            try (InputStream in = jar.getInputStream(entry)) {
                return parse(name, origin, in.readAllBytes());
            } catch (IOException | UncheckedIOException e) {
                return new RetortException(location + ": cannot read (" + e.getMessage() + ")", e);
            } catch (RetortException e) {
                return e;
            }
        }
    }

    private static Revision parse(String name, Origin origin, byte[] bytes) {
        return name.endsWith(".sql") ? SqlRevisionReader.read(origin, bytes)
                : isPortable(name) ? PortableRevisionReader.read(origin, bytes)
                : PythonRevisionReader.read(origin, bytes);
    }

    /** The names of the files of one directory that may be revision files, sorted. */
    private static List<String> candidates(Path dir) {
        String[] all = dir.toFile().list();
        if (all == null) {
            throw new RetortException(dir + ": cannot list directory; check that it is readable");
        }
        List<String> names = new ArrayList<>(all.length);
        for (String name : all) {
            if (isCandidate(name)) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    private static boolean isPortable(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Whether a file name is a revision file: {@code *.sql}, {@code *.yaml}/{@code *.yml}, or Alembic's {@code .py} rule. */
    static boolean isCandidate(String name) {
        if (name.startsWith(".#")) {
            return false;
        }
        if (name.endsWith(".sql") || isPortable(name)) {
            return true;
        }
        return name.endsWith(".py") && !name.startsWith("__init__") && name.indexOf('\n') < 0;
    }

    private static boolean sameFile(Path a, Path b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
