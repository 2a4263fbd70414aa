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

    private Passwords() {
    }

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public static boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /** Spends one verification's worth of time on nothing (for unknown or disabled accounts). */
    public static void spendVerificationTime(String password) {
        matches(password, DECOY);
    }
}
