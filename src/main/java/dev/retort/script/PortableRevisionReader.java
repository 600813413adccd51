package dev.retort.script;

import dev.retort.api.RetortException;
import dev.retort.ops.PortableReader;
import java.nio.file.Path;

/**
 * Reads a portable revision ({@code <rev>_<slug>.yaml} or {@code .yml}) into a {@link Revision}:
 * the header as for a SQL revision, the operations for {@link dev.retort.ops.Render} to turn into
 * each dialect's statements. Errors start {@code <file>:<line>: }.
 */
public final class PortableRevisionReader {
    private PortableRevisionReader() {
    }

    public static Revision read(Path file) {
        return read(Origin.of(file), Texts.readBytes(file));
    }

    /** Reads a revision's bytes from wherever they came ({@code origin} names it in messages). */
    static Revision read(Origin origin, byte[] bytes) {
        return parse(origin, Texts.decodeUtf8(origin, bytes));
    }

    static Revision parse(Origin file, String text) {
        PortableReader.PortableFile f = PortableReader.parse(text, file.toString());
        String illegal = Revision.illegalIdMessage(f.id());
        if (illegal != null) {
            throw new RetortException(file + ":1: " + illegal);
        }
        String loop = Revision.selfLoopMessage(f.id(), f.downRevisions());
        if (loop != null) {
            throw new RetortException(file + ": " + loop + "; a revision cannot list itself in 'revises'");
        }
        String depLoop = Revision.dependencySelfLoopMessage(f.id(), f.dependsOn());
        if (depLoop != null) {
            throw new RetortException(file + ": " + depLoop + "; a revision cannot list itself in 'depends_on'");
        }
        return new Revision(f.id(), f.downRevisions(), f.branchLabels(), f.dependsOn(), f.longdoc(), file.location(), file.file(),
                java.util.List.of(), java.util.List.of(), f.transactional(), false, f.revision());
    }
}
