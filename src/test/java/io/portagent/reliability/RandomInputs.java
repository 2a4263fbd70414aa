package io.portagent.reliability;

import java.util.List;
import java.util.Random;

/**
 * Random inputs for the fuzzing part, all from one seed: a run names its seed in its report and
 * its failures, and {@code -Dportagent.fuzz.seed=N} repeats that run's inputs.
 */
final class RandomInputs {

    /** Tries per property: {@code portagent.fuzz.tries}, set by the POM (300, or 10,000 with -Preliability). */
    static final int TRIES = Integer.getInteger("portagent.fuzz.tries", 300);

    /** Characters a random string is drawn from, by kind: what breaks parsers and escapes. */
    private static final String[] KINDS = {"ascii", "control", "latin1", "bmp", "surrogate", "emoji", "json"};
    private static final String JSON_SYNTAX = "{}[]:,\"\\/";

    private final long seed;
    private final Random random;

    RandomInputs() {
        this.seed = Long.getLong("portagent.fuzz.seed", System.nanoTime());
        this.random = new Random(seed);
    }

    long seed() {
        return seed;
    }

    <T> T oneOf(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    boolean bool() {
        return random.nextBoolean();
    }

    /** Index {@code i} with the chance {@code weights[i]} of their sum. */
    int weighted(int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException("no weights");
    }

    /** Up to {@code maxLength} characters of every kind: controls, unpaired surrogates, emoji, JSON syntax. */
    String string(int maxLength) {
        int length = between(0, maxLength);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (oneOf(List.of(KINDS))) {
                case "ascii" -> text.append((char) between(0x20, 0x7e));
                case "control" -> text.append((char) between(0, 0x1f));
                case "latin1" -> text.append((char) between(0x80, 0xff));
                case "bmp" -> text.append((char) between(0x100, 0xd7ff));
                case "surrogate" -> text.append((char) between(0xd800, 0xdfff));
                case "emoji" -> text.appendCodePoint(between(0x1f300, 0x1faff));
                default -> text.append(JSON_SYNTAX.charAt(random.nextInt(JSON_SYNTAX.length())));
            }
        }
        return text.toString();
    }

    /** From {@code minLength} to {@code maxLength} printable ASCII characters. */
    String ascii(int minLength, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = between(minLength, maxLength); i > 0; i--) {
            text.append((char) between(0x20, 0x7e));
        }
        return text.toString();
    }
}
