package io.portagent.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * What the real providers check in a file part of a request, for the fake servers to refuse the
 * same (as a 400): the media type is one they take, the data is base64, and the decoded bytes
 * begin as that type's files do ("Image does not match the provided media type").
 */
final class ContentChecks {

    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private ContentChecks() {
    }

    /** Why an image part is refused, or null. */
    static String image(String mediaType, String base64) {
        if (!IMAGE_TYPES.contains(mediaType)) {
            return "image media_type must be one of " + IMAGE_TYPES + ", got " + mediaType;
        }
        byte[] bytes = decode(base64);
        if (bytes == null) {
            return "image data is not valid base64";
        }
        boolean matches = switch (mediaType) {
            case "image/png" -> starts(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            case "image/jpeg" -> starts(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8});
            case "image/gif" -> starts(bytes, 0, ascii("GIF8"));
            default -> starts(bytes, 0, ascii("RIFF")) && starts(bytes, 8, ascii("WEBP"));
        };
        return matches ? null : "Image does not match the provided media type " + mediaType;
    }

    /** Why a PDF part is refused, or null. */
    static String pdf(String mediaType, String base64) {
        if (!"application/pdf".equals(mediaType)) {
            return "document media_type must be application/pdf, got " + mediaType;
        }
        byte[] bytes = decode(base64);
        return bytes != null && starts(bytes, 0, ascii("%PDF")) ? null : "The PDF specified was not valid.";
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean starts(byte[] b, int at, byte[] prefix) {
        return b.length >= at + prefix.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
