package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Today's invite code is the Unix time of 00:00:01 today in the server's zone, as
 * {@code date -d "today 00:00:01" +%s} prints it: checked with an injected clock around local
 * midnight, across a daylight-saving change, and in three zones at the same instant.
 */
class InviteCodesTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    private static InviteCodes at(String utcInstant, ZoneId zone) {
        return new InviteCodes(Clock.fixed(Instant.parse(utcInstant), UTC), zone);
    }

    private static String secondsOf(String localDateTime, ZoneId zone) {
        return String.valueOf(LocalDateTime.parse(localDateTime).atZone(zone).toEpochSecond());
    }

    @Test
    void theCodeIsTheEpochSecondOfOneSecondPastMidnightToday() {
        assertEquals("1773100801", at("2026-03-10T15:30:00Z", UTC).today());
        assertEquals(secondsOf("2026-03-10T00:00:01", UTC), at("2026-03-10T15:30:00Z", UTC).today());
    }

    @Test
    void atOneInstantEachZoneHasTheCodeOfItsOwnDate() {
        String instant = "2026-03-10T20:00:00Z"; // 10 March in UTC and Los Angeles, already 11 March in Shanghai
        assertEquals(secondsOf("2026-03-10T00:00:01", UTC), at(instant, UTC).today());
        assertEquals(secondsOf("2026-03-11T00:00:01", SHANGHAI), at(instant, SHANGHAI).today());
        assertEquals(secondsOf("2026-03-10T00:00:01", LOS_ANGELES), at(instant, LOS_ANGELES).today());
        assertEquals("1773158401", at(instant, SHANGHAI).today()); // 2026-03-10T16:00:01Z
        assertEquals("1773126001", at(instant, LOS_ANGELES).today()); // 2026-03-10T07:00:01Z (PDT)
    }

    @Test
    void theCodeChangesAtLocalMidnightNotAtUtcMidnight() {
        TestClock clock = new TestClock(LocalDateTime.parse("2026-03-10T23:59:59").atZone(SHANGHAI).toInstant());
        InviteCodes codes = new InviteCodes(clock, SHANGHAI);
        String before = codes.today();
        clock.advance(Duration.ofSeconds(2));
        String after = codes.today();
        assertEquals(secondsOf("2026-03-10T00:00:01", SHANGHAI), before);
        assertEquals(secondsOf("2026-03-11T00:00:01", SHANGHAI), after);
        assertEquals(86_400, Long.parseLong(after) - Long.parseLong(before));

        clock.set(Instant.parse("2026-03-10T23:59:59Z")); // UTC midnight is 08:00 in Shanghai: no change there
        String lateUtc = codes.today();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(lateUtc, codes.today());
    }

    @Test
    void onTheDayDaylightSavingStartsTheNextCodeIs23HoursLater() {
        InviteCodes dstDay = at("2026-03-08T20:00:00Z", LOS_ANGELES); // clocks go forward at 02:00 local
        InviteCodes nextDay = at("2026-03-09T20:00:00Z", LOS_ANGELES);
        assertEquals(23 * 3600, Long.parseLong(nextDay.today()) - Long.parseLong(dstDay.today()));
    }

    @Test
    void todaysCodeIsAcceptedWithSurroundingWhitespace() {
        InviteCodes codes = at("2026-03-10T15:30:00Z", UTC);
        assertTrue(codes.accepts("1773100801"));
        assertTrue(codes.accepts(" 1773100801\n"));
    }

    @Test
    void yesterdaysTomorrowsAndMissingCodesAreRefused() {
        InviteCodes codes = at("2026-03-10T15:30:00Z", UTC);
        assertFalse(codes.accepts(secondsOf("2026-03-09T00:00:01", UTC)));
        assertFalse(codes.accepts(secondsOf("2026-03-11T00:00:01", UTC)));
        assertFalse(codes.accepts(secondsOf("2026-03-10T00:00:00", UTC)));
        assertFalse(codes.accepts(null));
        assertFalse(codes.accepts(""));
        assertFalse(codes.accepts("17731008O1"));
    }

    @Test
    void theCodeIsWhatGnuDatePrintsInThatZone() throws Exception {
        assumeTrue(gnuDate(UTC) != null, "needs GNU date (Linux)");
        for (ZoneId zone : new ZoneId[] {UTC, SHANGHAI, LOS_ANGELES}) {
            InviteCodes codes = new InviteCodes(Clock.systemUTC(), zone);
            String before = codes.today();
            String printed = gnuDate(zone);
            if (before.equals(codes.today())) { // not across a midnight in that zone while date ran
                assertEquals(before, printed, zone.getId());
            }
        }
        assertNotEquals(gnuDate(SHANGHAI), gnuDate(LOS_ANGELES));
    }

    /** {@code TZ=<zone> date -d "today 00:00:01" +%s}, or null without GNU date. */
    private static String gnuDate(ZoneId zone) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("date", "-d", "today 00:00:01", "+%s").redirectErrorStream(true);
        builder.environment().put("TZ", zone.getId().equals("Z") ? "UTC" : zone.getId());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return null;
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return null;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 && out.matches("\\d+") ? out : null;
    }
}
