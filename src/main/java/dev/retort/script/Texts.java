package dev.retort.script;

import dev.retort.api.RetortException;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small text helpers shared by the revision readers and the writer. */
final class Texts {
    private Texts() {
    }

    /** Python's {@code str.isspace()} for one UTF-16 unit (all such characters are in the BMP). */
    static boolean isPySpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }

    /** Python's {@code str.strip()} with no argument. */
    static String pyStrip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPySpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPySpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Reads a file as bytes, turning I/O failures into a RetortException naming the file. (A
     * FileInputStream costs about a third less than Files.readAllBytes, which matters when a
     * command reads ten thousand small revision files.)
     */
    static byte[] readBytes(Path file) {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new RetortException(file + ": no such file");
            }
            throw new RetortException(file + ": cannot read file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes strictly (malformed input is an error naming the file and charset), drops a leading
     * byte order mark and normalises CRLF (and, when {@code loneCr}, a lone CR) to LF.
     */
    static String decode(Origin file, byte[] bytes, Charset charset, boolean loneCr) {
        String text = new String(bytes, charset);     // fast; replaces malformed input with U+FFFD
        if (text.indexOf('\ufffd') >= 0) {
            try {
                charset.newDecoder().decode(ByteBuffer.wrap(bytes));      // a real U+FFFD, or malformed?
            } catch (CharacterCodingException e) {
                throw new RetortException(file + ": not valid " + charset.name()
                        + " text; save the file as " + charset.name());
            }
        }
        if (!text.isEmpty() && text.charAt(0) == '\ufeff') {
            text = text.substring(1);
        }
        if (text.indexOf('\r') >= 0) {
            text = text.replace("\r\n", "\n");
            if (loneCr) {
                text = text.replace('\r', '\n');
            }
        }
        return text;
    }

    /** Decodes a UTF-8 revision file; see {@link #decode}. */
    static String decodeUtf8(Origin file, byte[] bytes) {
        return decode(file, bytes, StandardCharsets.UTF_8, false);
    }
}
