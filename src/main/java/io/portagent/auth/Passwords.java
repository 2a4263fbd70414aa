package io.portagent.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * bcrypt at cost 10, producing {@code $2a$} hashes and verifying {@code $2a$}, {@code $2b$} and
 * {@code $2y$} ones, so hashes made by other bcrypt implementations keep working.
 */
public final class Passwords {

    static final int COST = 10;
    /** bcrypt reads at most this many bytes of a password; longer ones are refused, not cut. */
    public static final int MAX_BYTES = 72;

    // Verified against when the account does not exist, so a miss costs what a hit costs.
    private static final String DECOY = BCrypt.withDefaults().hashToString(COST, "decoy-password".toCharArray());

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private Passwords() {
    }

    /**
     * The hash of an account without a local password (an SSO account): no password matches it,
     * and it is no bcrypt hash, so the column's NOT NULL holds without a secret to guess.
     */
    public static final String UNUSABLE = "!no-local-password";

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    /** Whether the password matches; an unusable or malformed hash matches nothing (after the same work). */
    public static boolean matches(String password, String hash) {
        if (!isUsable(hash)) {
            spendVerificationTime(password);
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /** Whether the hash is a bcrypt hash, that is, the account has a local password. */
    public static boolean isUsable(String hash) {
        return hash != null && hash.startsWith("$2") && hash.length() == 60;
    }

    /** A random password for an account an admin creates or resets: shown once, changed at next sign-in. */
    public static String temporary() {
        return randomText(14);
    }

    /** Random letters and digits without the look-alikes (0/O, 1/I/l), from a strong source. */
    static String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Spends one verification's worth of time on nothing (for unknown or disabled accounts). */
    public static void spendVerificationTime(String password) {
        matches(password, DECOY);
    }
}
