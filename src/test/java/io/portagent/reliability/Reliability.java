package io.portagent.reliability;

/**
 * Which counts the suite runs: the short ones in every {@code mvn verify}, the full ones with
 * {@code -Preliability} (which sets {@code portagent.reliability.full}).
 */
final class Reliability {

    private Reliability() {
    }

    static boolean full() {
        return Boolean.getBoolean("portagent.reliability.full");
    }

    /** {@code quick} in a plain build, {@code full} in the profile. */
    static int count(int quick, int full) {
        return full() ? full : quick;
    }

    static String mode() {
        return full() ? "full (mvn -B -Preliability verify)" : "short (mvn -B verify)";
    }
}
