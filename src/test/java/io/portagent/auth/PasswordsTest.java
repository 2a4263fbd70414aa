package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Passwords are bcrypt at cost 10 in the {@code $2a$} form, and hashes made by another
 * implementation (libxcrypt, the crypt(3) of Linux) verify, so users can be moved in and out.
 */
class PasswordsTest {

    // Made with Python's crypt.crypt("correct horse", ...) on glibc/libxcrypt.
    private static final String LIBXCRYPT_2B = "$2b$10$aSO22NvL/K.Ia4EgFV7NzOei7ixUsO.GAzt/XonRpbHM6P6JfabH.";
    private static final String LIBXCRYPT_2A = "$2a$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";

    @Test
    void aHashMadeHereIsBcrypt2aAtCost10AndVerifies() {
        String hash = Passwords.hash("correct horse");
        assertTrue(hash.startsWith("$2a$10$"), hash);
        assertEquals(60, hash.length());
        assertTrue(Passwords.matches("correct horse", hash));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(Passwords.hash("correct horse"), Passwords.hash("correct horse"));
    }

    @Test
    void hashesMadeByLibxcryptVerifyInBoth2bAnd2aForm() {
        assertTrue(Passwords.matches("correct horse", LIBXCRYPT_2B));
        assertTrue(Passwords.matches("correct horse", LIBXCRYPT_2A));
    }

    @Test
    void aWrongPasswordDoesNotVerify() {
        assertFalse(Passwords.matches("correct horse!", LIBXCRYPT_2B));
        assertFalse(Passwords.matches("Correct horse", LIBXCRYPT_2A));
        assertFalse(Passwords.matches("wrong", Passwords.hash("correct horse")));
    }

    @Test
    void aPasswordOfExactly72BytesWorksAndItsLastByteCounts() {
        String ascii = "p".repeat(71) + "1";
        String multiByte = "\u20ac".repeat(24); // 24 euro signs, 3 bytes each in UTF-8
        assertEquals(Passwords.MAX_BYTES, ascii.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(Passwords.MAX_BYTES, multiByte.getBytes(StandardCharsets.UTF_8).length);
        String hash = Passwords.hash(ascii);
        assertTrue(Passwords.matches(ascii, hash));
        assertFalse(Passwords.matches("p".repeat(71) + "2", hash));
        assertTrue(Passwords.matches(multiByte, Passwords.hash(multiByte)));
    }
}
