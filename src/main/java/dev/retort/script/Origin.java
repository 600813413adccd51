package dev.retort.script;

import java.nio.file.Path;

/**
 * Where a revision file's text came from, for the readers: how messages name it, and the file on
 * disk when it is a {@code filesystem:} one (else null), and the file's own name. Its {@code toString} is the name, so a
 * reader's {@code file + ":" + line} reads as before.
 */
record Origin(String location, Path file, String fileName) {
    static Origin of(Path file) {
        return new Origin(file.toString(), file, file.getFileName().toString());
    }

    @Override
    public String toString() {
        return location;
    }
}
