package dev.retort.script;

import dev.retort.api.RetortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the revision files of one or more revision directories, in "map order": directories in
 * the order given, files within a directory sorted by name ({@link String#compareTo}), as
 * Alembic ≥ 1.10 does.
 *
 * <ul>
 * <li>{@code *.sql} files are read by {@link SqlRevisionReader}, portable {@code *.yaml} and
 *     {@code *.yml} files by {@link PortableRevisionReader}; {@code *.py} files by
 *     {@link PythonRevisionReader} when Alembic would load them (its rule
 *     {@code ^(?!\.#|__init__)(.*\.py)$}: {@code __init__*.py} and Emacs lock files {@code .#*}
 *     are skipped; hidden files are read). Lock files {@code .#*.sql} are skipped too. Other
 *     files and sub-directories are ignored; directories are not descended.</li>
 * <li>A directory given twice (after resolving symbolic links) is read once.</li>
 * <li>A directory that does not exist is a usage error (exit 2) with Alembic's message.</li>
 * <li>Two files with the same revision id are an error naming both, unless they are the same
 *     file reached through a link (then the second is skipped, as Alembic does).</li>
 * </ul>
 * Unknown down revisions, cycles and duplicate branch labels are the revision map's business.
 */
public final class ScriptDirectory {
    private ScriptDirectory() {
    }

    /** Reads every revision file of {@code dirs}; the result is unmodifiable and in map order. */
    public static List<Revision> load(List<Path> dirs) {
        List<Candidate> files = new ArrayList<>();
        Set<Path> seenDirs = new HashSet<>();
        for (Path dir : dirs) {
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw RetortException.usage("Path doesn't exist: '" + dir.toAbsolutePath().normalize()
                        + "'.  Please use the 'init' command to create a new scripts folder.");
            }
            if (!Files.isDirectory(real)) {
                throw RetortException.usage("Path '" + dir.toAbsolutePath().normalize()
                        + "' is not a directory; give the directory that holds the revision files");
            }
            if (seenDirs.add(real)) {
                candidates(dir).forEach(name -> files.add(new Candidate(dir, name)));
            }
        }

        // Files are independent: read them in parallel, then report the first failure in map order.
        List<Object> results = files.parallelStream().map(ScriptDirectory::readOrFailure).toList();
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
                if (sameFile(earlier.path(), r.path())) {
                    continue;
                }
                throw new RetortException("Revision " + r.id() + " is present more than once: in "
                        + earlier.path() + " and in " + r.path() + "; give each revision its own id");
            }
            revisions.add(r);
        }
        return List.copyOf(revisions);
    }

    /** A file name found in a revision directory; made a Path in the reading threads (10,000 cost ~30 ms). */
    private record Candidate(Path dir, String name) {
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

    /**
     * Reads one candidate: its Revision, null for a directory that merely has a revision-like
     * name, or the RetortException reading it raised.
     */
    private static Object readOrFailure(Candidate candidate) {
        Path file = candidate.dir().resolve(candidate.name());
        try {
            return candidate.name().endsWith(".sql") ? SqlRevisionReader.read(file)
                    : isPortable(candidate.name()) ? PortableRevisionReader.read(file)
                    : PythonRevisionReader.read(file);
        } catch (RetortException e) {
            return Files.isDirectory(file) ? null : e;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
