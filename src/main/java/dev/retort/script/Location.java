package dev.retort.script;

import dev.retort.api.RetortException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where revision files are: a directory on disk ({@code filesystem:revisions}, or a bare
 * {@code revisions}) or a directory on the class path ({@code classpath:db/revisions}), which may
 * be in several directories and jars at once. Parsed once from the user's string; nothing else
 * looks at prefixes.
 */
public sealed interface Location {
    String CLASSPATH = "classpath:";
    String FILESYSTEM = "filesystem:";

    /** This location as {@link #parse} reads it back: {@code filesystem:DIR} or {@code classpath:PATH}. */
    String spec();

    /** A directory on disk, relative paths being relative to the working directory. */
    record Filesystem(Path dir) implements Location {
        @Override
        public String toString() {
            return dir.toString();
        }

        @Override
        public String spec() {
            return FILESYSTEM + dir;
        }
    }

    /**
     * A directory on the class path, as a resource name: no leading or trailing {@code /}
     * ({@code db/revisions}).
     */
    record Classpath(String path) implements Location {
        @Override
        public String toString() {
            return CLASSPATH + path;
        }

        @Override
        public String spec() {
            return toString();
        }
    }

    /**
     * The directories of {@code locations}, for a command that reads only the filesystem
     * ({@code what}, e.g. {@code copy}); a classpath location is a usage error.
     */
    static List<Path> directories(List<Location> locations, String what) {
        List<Path> dirs = new ArrayList<>();
        for (Location l : locations) {
            if (!(l instanceof Filesystem f)) {
                throw RetortException.usage(what + " reads revision files from directories only, not from '" + l
                        + "'; give the directory with --revisions filesystem:DIR");
            }
            dirs.add(f.dir());
        }
        return dirs;
    }

    /** A filesystem location. */
    static Location of(Path dir) {
        return new Filesystem(dir);
    }

    /**
     * Parses {@code classpath:PATH}, {@code filesystem:PATH} or a bare path (a filesystem one, so
     * that every existing {@code --revisions DIR} keeps its meaning).
     */
    static Location parse(String location) {
        if (location.startsWith(CLASSPATH)) {
            return new Classpath(resourceName(location, location.substring(CLASSPATH.length()).strip()));
        }
        String dir = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location;
        // a prefix that looks like a location's kind: two letters or more, then a colon (C: is a drive)
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:").matcher(location);
        if (!location.startsWith(FILESYSTEM) && prefix.lookingAt()) {
            // Flyway's s3:, gcs:, or a typo (classpth:); a directory of that name is filesystem:NAME:...
            throw RetortException.usage("'" + location + "': retort reads classpath: and filesystem: locations, not "
                    + prefix.group() + " (a directory whose name has a colon: write filesystem:" + location + ")");
        }
        if (dir.isBlank()) {
            throw RetortException.usage("'" + location + "' names no directory; write the directory that holds"
                    + " the revision files, e.g. filesystem:revisions");
        }
        try {
            return new Filesystem(Path.of(dir));
        } catch (InvalidPathException e) {
            throw RetortException.usage("'" + location + "' is not a valid path: " + e.getReason());
        }
    }

    /**
     * A classpath location's resource name, without empty and {@code .} segments: a jar's class
     * loader finds only the exact name ({@code db//revisions} or {@code db/../db/revisions} finds
     * nothing there, while a directory's resolves it), so such a location would be read in part.
     */
    private static String resourceName(String location, String path) {
        if (path.indexOf('\\') >= 0) {
            throw RetortException.usage("'" + location + "': a class path resource name separates directories with"
                    + " '/', not '\\'; write e.g. classpath:db/revisions");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw RetortException.usage("'" + location + "': '..' can't be part of a class path location; name"
                        + " the directory from the class path's root, e.g. classpath:db/revisions");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw RetortException.usage("'" + location + "' names no directory; write the resource"
                    + " directory that holds the revision files, e.g. classpath:db/revisions");
        }
        return String.join("/", segments);
    }
}
