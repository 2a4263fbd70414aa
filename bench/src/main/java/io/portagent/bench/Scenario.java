package io.portagent.bench;

/**
 * One line of the report. Written as {@code streams:N[:deltas[:intervalMs]]} (N concurrent
 * streaming conversations), {@code idle:N} (N idle authenticated sockets) or {@code login:N}
 * (N sign-ins, bcrypt-bound).
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

    static Scenario parse(String text, int defaultDeltas, long defaultIntervalMillis) {
        String[] parts = text.trim().split(":");
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
                default -> throw new IllegalArgumentException(text + ": unknown scenario " + parts[0]);
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("Scenario '" + text
                    + "' is not streams:N[:deltas[:intervalMs]], idle:N or login:N", e);
        }
    }
}
