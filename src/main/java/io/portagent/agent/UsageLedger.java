package io.portagent.agent;

import io.portagent.store.UsageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Tokens per turn, per user, per model, as the turns write them (see {@code TurnWrites}); the
 * daily limit of {@link ModelPolicy}, checked before a turn calls the model; and the report for
 * admins. Days are dates in the server's time zone (the clock's).
 */
public final class UsageLedger {

    /** Tokens of one user on one model on one day. */
    public record DailyUsage(String day, String userId, String model, long turns, long inputTokens,
            long outputTokens) {
    }

    private final UsageRepository usage;
    private final Clock clock;

    UsageLedger(UsageRepository usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /** The date, in the server's time zone, of an instant in epoch milliseconds. */
    static String day(long millis, Clock clock) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), clock.getZone()).toString();
    }

    /**
     * Refuses a turn of a user who has used their tokens for today, saying when the limit resets;
     * {@code limit} is their daily limit, already read (0 for none: {@link ModelPolicy#allowance}).
     */
    void checkQuota(Caller caller, long limit) {
        if (limit <= 0) {
            return;
        }
        long now = clock.millis();
        long used = AgentException.stored(() -> usage.usedOn(caller.userId(), day(now, clock)));
        if (used >= limit) {
            ZonedDateTime midnight = LocalDate.ofInstant(Instant.ofEpochMilli(now), clock.getZone()).plusDays(1)
                    .atStartOfDay(clock.getZone());
            Duration left = Duration.between(Instant.ofEpochMilli(now), midnight.toInstant());
            throw new AgentException("quota_exceeded", "You have used " + used + " of your " + limit
                    + " tokens for today. The limit resets at midnight (00:00 " + clock.getZone().getId() + "), in "
                    + left.toHours() + " h " + left.toMinutesPart() + " min.");
        }
    }

    /** Records the tokens of a model call made outside a turn, under an id of its own. */
    void record(String callId, Caller caller, String model, long startedAt, int inputTokens, int outputTokens) {
        usage.add(new UsageRepository.TurnTokens(callId, caller.userId(), model, day(startedAt, clock), startedAt,
                inputTokens, outputTokens));
    }

    /** Per day, user and model, from {@code from} to {@code to} inclusive; one user's only if given. */
    public List<DailyUsage> daily(LocalDate from, LocalDate to, Optional<String> userId) {
        return AgentException.stored(() -> usage.daily(from.toString(), to.toString(), userId.orElse(null))).stream()
                .map(d -> new DailyUsage(d.day(), d.userId(), d.model(), d.turns(), d.inputTokens(), d.outputTokens()))
                .toList();
    }

    /** Today's date in the server's time zone. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }
}
