package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A file's bytes must be of its declared type; the declared type must be one we send to models. */
class AttachmentTypeTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
    static final byte[] GIF = "GIF89a\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] WEBP = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PDF = "%PDF-1.4\n%".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void eachTypeAcceptsItsOwnMagicNumberOnly() {
        byte[][] samples = {PNG, JPEG, GIF, WEBP, PDF};
        AttachmentType[] types = {AttachmentType.PNG, AttachmentType.JPEG, AttachmentType.GIF, AttachmentType.WEBP,
            AttachmentType.PDF};
        for (int t = 0; t < types.length; t++) {
            for (int s = 0; s < samples.length; s++) {
                assertEquals(t == s, types[t].matches(samples[s]), types[t] + " on sample " + s);
            }
        }
    }

    @Test
    void textMustBeUtf8WithoutNulBytes() {
        assertTrue(AttachmentType.TEXT.matches("naïve, 中文\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(AttachmentType.TEXT.matches(PNG), "a PNG has a NUL byte");
        assertFalse(AttachmentType.MARKDOWN.matches(new byte[] {'a', (byte) 0xC3}), "cut UTF-8");
    }

    @Test
    void aMismatchIsRefusedWithASentence() {
        AgentException e = assertThrows(AgentException.class, () -> AttachmentType.PNG.check(PDF, "cat.png"));
        assertEquals("attachment_mismatch", e.code());
        assertEquals("\"cat.png\" is not a PNG file: its content does not match the declared type image/png.",
                e.getMessage());
    }

    @Test
    void onlyImagesPdfAndTextAreAllowed() {
        assertEquals(Optional.of(AttachmentType.JPEG), AttachmentType.of("image/jpg"));
        assertEquals(Optional.of(AttachmentType.TEXT), AttachmentType.of("text/plain; charset=utf-8"));
        assertEquals("attachment_type", assertThrows(AgentException.class,
                () -> AttachmentType.require("application/x-msdownload")).code());
        assertEquals("attachment_type", assertThrows(AgentException.class, () -> AttachmentType.require("image/svg+xml"))
                .code());
    }

    @Test
    void namesLoseTheirPathAndReservedCharacters() {
        assertEquals("passwd", Attachments.safeName("../../etc/passwd", AttachmentType.TEXT));
        assertEquals("b_c.png", Attachments.safeName("a\\b:c.png", AttachmentType.PNG));
        assertEquals("file.pdf", Attachments.safeName("..", AttachmentType.PDF));
        assertEquals("file.png", Attachments.safeName("", AttachmentType.PNG));
    }
}
