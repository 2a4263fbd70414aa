package io.portagent.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reading workspace files as UTF-8 text, telling text from binary, and checking a file is a plain file. */
final class TextFiles {

    private static final int SNIFF_BYTES = 8192;

    private TextFiles() {
    }

    /** The file's attributes, or a sentence when it is missing, a directory or not a regular file. */
    static BasicFileAttributes requireFile(WorkspacePaths paths, Path file, String directoryHint) throws IOException {
        String name = paths.display(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("'" + name + "' does not exist.");
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            throw new ToolException("'" + name + "' is a directory; " + directoryHint);
        }
        if (!attributes.isRegularFile()) {
            throw new ToolException("'" + name + "' is not a regular file.");
        }
        return attributes;
    }

    /** A file with a NUL byte near its start is taken as binary, as grep and git do. */
    static boolean looksBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(SNIFF_BYTES);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A strict UTF-8 reader: bytes that are not UTF-8 raise a {@link CharacterCodingException}. */
    static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The whole file as UTF-8 text, or a sentence when it is binary or not UTF-8. */
    static String readText(WorkspacePaths paths, Path file) throws IOException {
        if (looksBinary(file)) {
            throw notText(paths, file);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw notText(paths, file);
        }
    }

    static ToolException notText(WorkspacePaths paths, Path file) {
        return new ToolException("'" + paths.display(file) + "' is a binary file (or not UTF-8 text); only text"
                + " files can be read or edited with these tools.");
    }

    /** Reads lines, cutting each at {@code maxChars} so one enormous line cannot fill memory. */
    static final class LineReader {
        private final Reader in;
        private boolean lastTruncated;
        private boolean eof;

        LineReader(Reader in) {
            this.in = in;
        }

        /** The next line without its terminator, or null at the end. */
        String next(int maxChars) throws IOException {
            if (eof) {
                return null;
            }
            StringBuilder line = new StringBuilder();
            lastTruncated = false;
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    return stripCr(line);
                }
                if (line.length() < maxChars) {
                    line.append((char) c);
                } else {
                    lastTruncated = true;
                }
            }
            eof = true;
            return line.length() == 0 && !lastTruncated ? null : stripCr(line);
        }

        boolean lastTruncated() {
            return lastTruncated;
        }

        private static String stripCr(StringBuilder line) {
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
    }
}
