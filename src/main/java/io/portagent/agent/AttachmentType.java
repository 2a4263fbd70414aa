package io.portagent.agent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of file a message may carry, and the check that a file's bytes are what its declared
 * type says: an image or PDF by its magic number, a text file by being UTF-8 without NUL bytes.
 * The declared type alone is never believed (a browser takes it from the file name).
 */
enum AttachmentType {
    PNG("image/png", true),
    JPEG("image/jpeg", true),
    GIF("image/gif", true),
    WEBP("image/webp", true),
    PDF("application/pdf", false),
    TEXT("text/plain", false),
    MARKDOWN("text/markdown", false),
    CSV("text/csv", false);

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String mediaType;
    private final boolean image;

    AttachmentType(String mediaType, boolean image) {
        this.mediaType = mediaType;
        this.image = image;
    }

    String mediaType() {
        return mediaType;
    }

    boolean isImage() {
        return image;
    }

    boolean isText() {
        return mediaType.startsWith("text/");
    }

    /** The type for a declared media type (parameters such as {@code ;charset=} ignored), if allowed. */
    static Optional<AttachmentType> of(String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        String bare = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String known = bare.equals("image/jpg") ? "image/jpeg" : bare;
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(known)).findFirst();
    }

    static AttachmentType require(String declared) {
        return of(declared).orElseThrow(() -> new AgentException("attachment_type", "Only images (PNG, JPEG, GIF,"
                + " WebP), PDF and text files (plain, Markdown, CSV) can be attached, not \"" + declared + "\"."));
    }

    /** Refuses bytes that are not of this type. */
    void check(byte[] bytes, String name) {
        if (!matches(bytes)) {
            throw new AgentException("attachment_mismatch", "\"" + name + "\" is not a " + label()
                    + " file: its content does not match the declared type " + mediaType + ".");
        }
    }

    boolean matches(byte[] b) {
        return switch (this) {
            case PNG -> startsWith(b, 0, PNG_MAGIC);
            case JPEG -> b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
            case GIF -> startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"));
            case WEBP -> startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"));
            case PDF -> startsWith(b, 0, ascii("%PDF-"));
            case TEXT, MARKDOWN, CSV -> isUtf8Text(b);
        };
    }

    private String label() {
        return isText() ? "text" : this == WEBP ? "WebP" : name();
    }

    private static boolean isUtf8Text(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return b.length >= at + prefix.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
