package io.portagent.http;

import io.portagent.agent.AgentRuntime;
import io.portagent.agent.UsageLedger;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/admin/usage?from=&to=&userId=}: tokens per day, user and model, from the ledger
 * (conversations and users deleted since included). Days are {@code YYYY-MM-DD} in the server's
 * time zone, both ends included; the default is the last 30 days. Admins only.
 */
@Path("admin/usage")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsageResource {

    static final int MAX_DAYS = 366;

    /** The answer. */
    public record Report(String from, String to, List<UsageLedger.DailyUsage> usage) {
    }

    private AgentRuntime runtime;

    public AdminUsageResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminUsageResource(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Report usage(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("userId") String userId) {
        LocalDate last = day(to, "to").orElseGet(runtime.usage()::today);
        LocalDate first = day(from, "from").orElse(last.minusDays(29));
        if (first.isAfter(last) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ApiException.badRequest("from must be on or before to, at most " + MAX_DAYS + " days apart");
        }
        Optional<String> user = Optional.ofNullable(userId).map(String::strip).filter(u -> !u.isEmpty());
        return new Report(first.toString(), last.toString(), runtime.usage().daily(first, last, user));
    }

    private static Optional<LocalDate> day(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date, YYYY-MM-DD");
        }
    }
}
