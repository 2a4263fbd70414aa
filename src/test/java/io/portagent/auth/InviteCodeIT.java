package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code INVITE_CODE_REQUIRED=true}, registration needs today's code — the Unix time of
 * 00:00:01 today in the server's time zone — and the config endpoint and start-up summary say so.
 */
class InviteCodeIT {

    private static final JsonObject INVALID_CODE = json("error", "Invalid invite code");

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("INVITE_CODE_REQUIRED", "true"));
    private static final AuthApi api = new AuthApi(app);

    /** What {@code date -d "today 00:00:01" +%s} prints on the server (same JVM, same zone). */
    private static String todaysCode() {
        return new InviteCodes(Clock.systemUTC(), ZoneId.systemDefault()).today();
    }

    private static String yesterdaysCode() {
        return String.valueOf(Long.parseLong(todaysCode()) - 86_400);
    }

    /** Registers with a code made from today's; tried again if midnight passed while the request ran. */
    private static Http.Reply registerWith(Function<String, String> code, String username) {
        for (int attempt = 0; ; attempt++) {
            String today = todaysCode();
            Http.Reply reply = api.register(json("username", username, "password", "secret123",
                    "inviteCode", code.apply(today)));
            if (reply.status() != 400 || today.equals(todaysCode()) || attempt > 0) {
                return reply;
            }
        }
    }

    @Test
    void configSaysAnInviteCodeIsRequired() {
        assertEquals(Json.createObjectBuilder().add("inviteCodeRequired", true).add("registration", "invite")
                .add("proxyLogin", false).build(),
                api.get("api/auth/config").json());
    }

    @Test
    void theStartUpSummaryNamesTheTimeZoneTheCodeFollows() throws Exception {
        String log = Files.readString(app.dataDir().resolve("logs/portagent.log"));
        assertTrue(log.contains("Invite code:    required (follows time zone " + ZoneId.systemDefault() + ")"), log);
    }

    @Test
    void withTodaysCodeRegistrationSucceeds() {
        Http.Reply reply = registerWith(today -> today, newUsername("invited"));
        assertEquals(201, reply.status(), reply::body);
        assertEquals(201, registerWith(today -> " " + today + "\n", newUsername("spaces")).status());
    }

    @Test
    void withoutOrWithAWrongCodeRegistrationIsRefused() {
        int containers = api.containerCount();
        Http.Reply none = api.register(json("username", newUsername("uninvited"), "password", "secret123"));
        assertEquals(400, none.status());
        assertEquals(INVALID_CODE, none.json());
        for (String wrong : new String[] {"", "abc", yesterdaysCode(),
                String.valueOf(Long.parseLong(todaysCode()) + 86_400), String.valueOf(Long.parseLong(todaysCode()) - 1)}) {
            Http.Reply reply = api.register(json("username", newUsername("wrong"), "password", "secret123",
                    "inviteCode", wrong));
            assertEquals(400, reply.status(), wrong);
            assertEquals(INVALID_CODE, reply.json(), wrong);
        }
        assertEquals(containers, api.containerCount());
    }

    @Test
    void missingCredentialsAreReportedBeforeTheCodeAndTheCodeBeforeOtherChecks() {
        assertEquals(json("error", "Username and password are required"),
                api.register(json("inviteCode", "nope")).json());
        assertEquals(INVALID_CODE, api.register(json("username", "ab", "password", "123", "inviteCode", "nope"))
                .json());
        assertEquals(json("error", "Username must be at least 3 characters"),
                registerWith(today -> today, "ab").json());
    }

    @Test
    void theCodeIsAStringField() {
        Http.Reply reply = api.post("api/auth/register", Json.createObjectBuilder()
                .add("username", newUsername("numeric")).add("password", "secret123")
                .add("inviteCode", Long.parseLong(todaysCode())).build().toString());
        assertEquals(400, reply.status());
        assertEquals(json("error", "Field 'inviteCode' must be a string"), reply.json());
    }
}
