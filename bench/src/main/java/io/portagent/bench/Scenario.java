package io.portagent.bench;

/**
 * One line of the report. Written as {@code streams:N[:deltas[:intervalMs]]} (N concurrent
 * streaming conversations), {@code idle:N} (N idle authenticated sockets), {@code login:N}
 * (N sign-ins, bcrypt-bound), {@code burst:N[:cold]} (N new conversations at one instant),
 * {@code history:N} (a turn's first delta with N stored messages), {@code list:N} (listing N
 * conversations) or {@code startup[:N]} (N starts to a healthy server).
 */
sealed interface Scenario {

    String name();

    record Streams(int users, int deltas, long intervalMillis) implements Scenario {
        @Override
        public String name() {
            return "streams:" + users + ":" + deltas + ":" + intervalMillis;
        }
    }

    record Idle(int connections) implements Scenario {
        @Override
        public String name() {
            return "idle:" + connections;
        }
    }

    record Login(int logins) implements Scenario {
        @Override
        public String name() {
            return "login:" + logins;
        }
    }

    /** N users each open a new conversation at the same instant; {@code cold}: on a server just started. */
    record Burst(int users, boolean cold) implements Scenario {
        @Override
        public String name() {
            return "burst:" + users + (cold ? ":cold" : "");
        }
    }

    /** A new turn's first delta in a conversation of N stored messages, against a new conversation. */
    record History(int messages) implements Scenario {
        @Override
        public String name() {
            return "history:" + messages;
        }
    }

    /** Listing a user's N conversations. */
    record Listing(int conversations) implements Scenario {
        @Override
        public String name() {
            return "list:" + conversations;
        }
    }

    /** N starts of the WAR to a healthy {@code /health}, each with a fresh data directory and again with it kept. */
    record Startup(int starts) implements Scenario {
        @Override
        public String name() {
            return "startup:" + starts;
        }
    }

    static Scenario parse(String text, int defaultDeltas, long defaultIntervalMillis) {
        String[] parts = text.trim().split(":");
        if (parts[0].equals("startup") && parts.length == 1) {
            return new Startup(5);
        }
        try {
            int n = Integer.parseInt(parts[1]);
            if (n < 1) {
                throw new IllegalArgumentException(text + ": the count must be at least 1");
            }
            return switch (parts[0]) {
                case "streams" -> new Streams(n, parts.length > 2 ? Integer.parseInt(parts[2]) : defaultDeltas,
                        parts.length > 3 ? Long.parseLong(parts[3]) : defaultIntervalMillis);
                case "idle" -> new Idle(n);
                case "login" -> new Login(n);
                case "burst" -> new Burst(n, cold(parts, text));
                case "history" -> new History(n);
                case "list" -> new Listing(n);
                case "startup" -> new Startup(n);
                default -> throw new IllegalArgumentException(text + ": unknown scenario " + parts[0]);
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("Scenario '" + text + "' is not streams:N[:deltas[:intervalMs]], idle:N,"
                    + " login:N, burst:N[:cold], history:N, list:N or startup[:N]", e);
        }
    }

    private static boolean cold(String[] parts, String text) {
        if (parts.length > 2 && !parts[2].equals("cold")) {
            throw new IllegalArgumentException(text + ": a burst is burst:N or burst:N:cold");
        }
        return parts.length > 2;
    }
}
