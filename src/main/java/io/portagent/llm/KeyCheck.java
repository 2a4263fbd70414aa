package io.portagent.llm;

/**
 * What one cheap call to a provider's model list said about its key: the provider may be
 * reachable and take the key, refuse the key, or not answer at all.
 *
 * @param detail a sentence for the banner and the admin health details (no key in it)
 */
public record KeyCheck(Outcome outcome, String detail) {

    /** The outcome, with the word the banner, {@code /health} and the docs use. */
    public enum Outcome {
        /** HTTP 200: the key works. */
        OK("ok"),
        /** HTTP 401 or 403: the key is wrong, revoked, or may not list models. */
        INVALID_KEY("invalid key"),
        /** No HTTP answer (refused, timed out, DNS), or one that says nothing about the key (404, 5xx). */
        UNREACHABLE("unreachable");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    static KeyCheck ofStatus(int status, String where) {
        if (status == 200) {
            return new KeyCheck(Outcome.OK, "the key is accepted by " + where);
        }
        if (status == 401 || status == 403) {
            return new KeyCheck(Outcome.INVALID_KEY, where + " refused the key (HTTP " + status + "): every message"
                    + " will fail with invalid_api_key until the provider's key is fixed");
        }
        return new KeyCheck(Outcome.UNREACHABLE, where + " answered the model list with HTTP " + status);
    }

    static KeyCheck unreachable(String where, Throwable cause) {
        return new KeyCheck(Outcome.UNREACHABLE, where + " could not be reached: " + cause);
    }
}
