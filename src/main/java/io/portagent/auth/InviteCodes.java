package io.portagent.auth;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Today's invite code: the Unix time, in seconds, of 00:00:01 today in the server's time zone —
 * what {@code date -d "today 00:00:01" +%s} prints on the server. It changes at local midnight.
 */
public final class InviteCodes {

    private final Clock clock;
    private final ZoneId zone;

    public InviteCodes(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public String today() {
        LocalDate date = LocalDate.now(clock.withZone(zone));
        return String.valueOf(date.atTime(0, 0, 1).atZone(zone).toEpochSecond());
    }

    public boolean accepts(String code) {
        return code != null && code.strip().equals(today());
    }

    public ZoneId zone() {
        return zone;
    }
}
