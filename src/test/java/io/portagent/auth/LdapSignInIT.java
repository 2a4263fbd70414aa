package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.SlapdServer;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in with a directory password against a real OpenLDAP (a throwaway slapd under target/),
 * with LOCAL_LOGIN=false and one break-glass admin in ADMIN_USERNAMES: the account appears at
 * the first sign-in, the admin role and the groups follow the directory at every sign-in, wrong
 * and unknown answer one 401, a filter injection finds nobody, and a stopped directory answers
 * 503 with a sentence and an audit entry while the break-glass admin still gets in.
 */
class LdapSignInIT {

    private static final String PEOPLE = "ou=people," + SlapdServer.SUFFIX;
    private static final String GROUPS = "ou=groups," + SlapdServer.SUFFIX;
    private static final String SERVICE_DN = "cn=portagent," + SlapdServer.SUFFIX;
    private static final String SERVICE_PASSWORD = "service-pw-7";
    private static final String BREAK_GLASS = "breakglass";

    static final SlapdServer ldap = SlapdServer.create("slapd-signin");

    static {
        ldap.add(String.join("\n", "dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people", "",
                "dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups", "",
                "dn: " + SERVICE_DN, "objectClass: organizationalRole", "objectClass: simpleSecurityObject",
                "cn: portagent", "userPassword: " + SERVICE_PASSWORD, "",
                person("founder", "founder-pw") + "dn: cn=portagent-admins," + GROUPS, "objectClass: groupOfNames",
                "cn: portagent-admins", "member: uid=founder," + PEOPLE, "",
                "dn: cn=engineers," + GROUPS, "objectClass: groupOfNames", "cn: engineers",
                "member: uid=founder," + PEOPLE, ""));
    }

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder()
            .set("LDAP_URL", ldap.url()).set("LDAP_BIND_DN", SERVICE_DN).set("LDAP_BIND_PASSWORD", SERVICE_PASSWORD)
            .set("LDAP_USER_BASE", PEOPLE).set("LDAP_GROUP_BASE", GROUPS).set("LDAP_ADMIN_GROUP", "portagent-admins")
            .set("LOCAL_LOGIN", "false").set("ADMIN_USERNAMES", BREAK_GLASS));
    static final AdminApi admin = new AdminApi(app);

    /** The directory's admin makes the group and the break-glass account (a reserved name: no self-registration). */
    @BeforeAll
    static void aBreakGlassAdminAndAGroupNamedAsInTheDirectory() {
        String founder = signIn("founder", "founder-pw").getString("token");
        admin.expect(201, founder, "POST", "api/admin/groups", "{\"name\":\"engineers\"}");
        admin.expect(201, founder, "POST", "api/admin/users", "{\"username\":\"" + BREAK_GLASS
                + "\",\"password\":\"" + AdminApi.PASSWORD + "\"}");
    }

    @AfterAll
    static void stopTheDirectory() {
        ldap.close();
    }

    private static String person(String uid, String password) {
        return String.join("\n", "dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid,
                "cn: " + uid + " Example", "sn: Example", "mail: " + uid + "@example.org", "userPassword: " + password,
                "", "");
    }

    /** A new person in the directory, with {@code password}; their uid. */
    private static String newPerson(String prefix, String password) {
        String uid = AuthApi.newUsername(prefix);
        ldap.add(person(uid, password));
        return uid;
    }

    private static void membership(String change, String group, String uid) {
        ldap.modify(String.join("\n", "dn: cn=" + group + "," + GROUPS, "changetype: modify", change + ": member",
                "member: uid=" + uid + "," + PEOPLE, ""));
    }

    private static JsonObject signIn(String uid, String password) {
        Http.Reply reply = admin.api.login(uid, password);
        assertEquals(200, reply.status(), reply::body);
        return reply.json();
    }

    private static List<String> roles(JsonObject login) {
        return login.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static String sql(String query) {
        return Sqlite3.run(admin.api.usersDb(), query).strip();
    }

    private static boolean inPortagentGroup(String uid, String group) {
        return !sql("SELECT 1 FROM group_members m JOIN user_groups g ON g.groupId = m.groupId JOIN users u"
                + " ON u.userId = m.userId WHERE g.name = '" + group + "' AND u.username = '" + uid + "';").isEmpty();
    }

    @Test
    void aDirectoryPasswordCreatesTheAccountWhoseTokenWorksOnRestAndTheSocket() {
        String uid = newPerson("dana", "dana-pw-1");
        JsonObject login = signIn(uid, "dana-pw-1");
        String token = login.getString("token");
        assertEquals(uid, login.getJsonObject("user").getString("username"));
        assertEquals(List.of("user"), roles(login));
        assertEquals(200, admin.api.verify(token).status());
        assertEquals(200, admin.api.info(token).status());
        try (WsClient ws = WsClient.connect(app.baseUri(), token)) {
            assertFalse(ws.isClosed());
        }
        String userId = login.getJsonObject("user").getString("userId");
        assertEquals("ldap|uid=" + uid + "," + PEOPLE, sql("SELECT provider || '|' || subject FROM user_identities"
                + " WHERE userId = '" + userId + "';"));
        assertEquals(uid + "@example.org", sql("SELECT email FROM users WHERE userId = '" + userId + "';"));
        assertEquals("!no-local-password", sql("SELECT passwordHash FROM users WHERE userId = '" + userId + "';"));
        assertEquals(1, admin.auditCount("user_created", userId));
        assertEquals(userId, signIn(uid, "dana-pw-1").getJsonObject("user").getString("userId"),
                "the second sign-in finds the same account");
    }

    @Test
    void simultaneousFirstSignInsMakeOneAccount() throws Exception {
        String uid = newPerson("kim", "kim-pw-1");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.Callable<Http.Reply> signIn = () -> admin.api.login(uid, "kim-pw-1");
            for (java.util.concurrent.Future<Http.Reply> reply : pool.invokeAll(java.util.Collections.nCopies(4, signIn))) {
                Http.Reply answer = reply.get();
                assertEquals(200, answer.status(), answer::body);
            }
        } finally {
            pool.shutdown();
        }
        assertEquals("1", sql("SELECT count(*) FROM users WHERE username = '" + uid + "';"));
        assertEquals("1", sql("SELECT count(*) FROM user_identities i JOIN users u ON u.userId = i.userId"
                + " WHERE u.username = '" + uid + "';"));
    }

    @Test
    void theAdminGroupGrantsAdminAndLeavingItRevokesAdminAtTheNextSignIn() {
        String uid = newPerson("erin", "erin-pw-1");
        membership("add", "portagent-admins", uid);
        JsonObject first = signIn(uid, "erin-pw-1");
        assertTrue(roles(first).contains("admin"), first::toString);
        admin.expect(200, first.getString("token"), "GET", "api/admin/users", null);

        membership("delete", "portagent-admins", uid);
        JsonObject second = signIn(uid, "erin-pw-1");
        assertEquals(List.of("user"), roles(second));
        admin.expect(403, second.getString("token"), "GET", "api/admin/users", null);
        admin.expect(403, first.getString("token"), "GET", "api/admin/users", null);
    }

    @Test
    void membershipOfTheGroupOfTheSameNameFollowsTheDirectoryAtEverySignIn() {
        String uid = newPerson("frank", "frank-pw-1");
        membership("add", "engineers", uid);
        signIn(uid, "frank-pw-1");
        assertTrue(inPortagentGroup(uid, "engineers"));

        membership("delete", "engineers", uid);
        signIn(uid, "frank-pw-1");
        assertFalse(inPortagentGroup(uid, "engineers"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAnswerTheSame401AndAnEmptyPasswordNeverBindsAnonymously() {
        String uid = newPerson("gina", "gina-pw-1");
        for (Http.Reply reply : List.of(admin.api.login(uid, "wrong-pw"), admin.api.login("nobody-" + uid, "gina-pw-1"))) {
            assertEquals(401, reply.status(), reply::body);
            assertEquals("Invalid credentials", reply.json().getString("error"));
        }
        // an empty simple-bind password is an anonymous bind that succeeds: refused at the door (and by the store)
        assertEquals(400, admin.api.login(uid, "").status());
    }

    @Test
    void aFilterInjectionInTheUsernameFindsNobody() {
        String uid = newPerson("hugo", "shared-pw-1");
        for (String typed : List.of("*)(uid=*", "*", uid.substring(0, 3) + "*", "*)(|(uid=" + uid + ")")) {
            Http.Reply reply = admin.api.login(typed, "shared-pw-1");
            assertEquals(401, reply.status(), () -> typed + ": " + reply.body());
        }
    }

    @Test
    void withLocalLoginOffALocalPasswordIsRefusedButTheBreakGlassAdminSignsIn() {
        String local = AuthApi.newUsername("local");
        admin.api.registered(local, AdminApi.PASSWORD);
        assertEquals(401, admin.api.login(local, AdminApi.PASSWORD).status());
        Http.Reply breakGlass = admin.api.login(BREAK_GLASS, AdminApi.PASSWORD);
        assertEquals(200, breakGlass.status(), breakGlass::body);
        assertTrue(roles(breakGlass.json()).contains("admin"));
    }

    @Test
    void aDirectoryEntryNamedLikeTheBreakGlassAdminCannotTakeItOver() {
        ldap.add(person(BREAK_GLASS, "directory-pw-1"));
        Http.Reply reply = admin.api.login(BREAK_GLASS, "directory-pw-1");
        assertEquals(403, reply.status(), reply::body);
        assertTrue(reply.json().getString("error").contains("reserved for a local administrator"), reply::body);
        assertEquals("", sql("SELECT subject FROM user_identities WHERE subject LIKE 'uid=" + BREAK_GLASS + ",%';"));
        assertEquals(200, admin.api.login(BREAK_GLASS, AdminApi.PASSWORD).status(), "the local password still works");
    }

    @Test
    void aStoppedDirectoryAnswers503WithASentenceAndAnAuditEntryWhileTheBreakGlassAdminGetsIn() {
        String uid = newPerson("ivan", "ivan-pw-1");
        ldap.stop();
        try {
            Http.Reply reply = admin.api.login(uid, "ivan-pw-1");
            assertEquals(503, reply.status(), reply::body);
            assertTrue(reply.json().getString("error").contains("directory server cannot be reached"), reply::body);
            String detail = sql("SELECT detail FROM audit_log WHERE action = 'login_failed' AND detail LIKE '%\""
                    + uid + "\"%' ORDER BY id DESC LIMIT 1;");
            JsonObject audited = Json.createReader(new java.io.StringReader(detail)).readObject();
            assertTrue(audited.getString("cause").contains("cannot reach the directory at " + ldap.url()), detail);
            assertFalse(detail.contains(SERVICE_PASSWORD));
            assertEquals(200, admin.api.login(BREAK_GLASS, AdminApi.PASSWORD).status());
        } finally {
            ldap.start();
        }
        assertEquals(uid, signIn(uid, "ivan-pw-1").getJsonObject("user").getString("username"),
                "the directory back, sign-in works again");
    }
}
