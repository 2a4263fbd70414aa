package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admin changes that race, against the WAR: the only two admins disabling each other at the same
 * instant leave one admin, and many edits of one user at once leave it as one of them made it,
 * never half of one and half of another. Its own app, so that no other test's admin counts.
 */
class AdminRacesIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder());
    static final AdminApi admin = new AdminApi(app);

    /** Runs every call at once (released together) and returns their replies in order. */
    private static List<Http.Reply> atOnce(List<Supplier<Http.Reply>> calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
        for (Supplier<Http.Reply> call : calls) {
            replies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            }));
        }
        start.countDown();
        return replies.stream().map(CompletableFuture::join).toList();
    }

    private static String sql(String query) {
        return Sqlite3.run(admin.api.usersDb(), query).strip();
    }

    @Test
    void theOnlyTwoAdminsDisablingEachOtherAtOnceLeaveOneAdmin() {
        Account ann = admin.newAdmin("ann");
        Account bob = admin.newAdmin("bob");
        sql("DELETE FROM user_roles WHERE role = 'admin' AND userId NOT IN ('" + ann.userId() + "', '"
                + bob.userId() + "');"); // the other test's admin, if it ran first
        String disable = "{\"isActive\":false}";
        List<Http.Reply> replies = atOnce(List.of(
                () -> admin.call(ann.token(), "PATCH", "api/admin/users/" + bob.userId(), disable),
                () -> admin.call(bob.token(), "PATCH", "api/admin/users/" + ann.userId(), disable)));

        assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies::toString);
        assertEquals("1", sql("SELECT count(*) FROM users u JOIN user_roles r ON r.userId = u.userId"
                + " WHERE r.role = 'admin' AND u.isActive = 1;"), "one active admin remains");
    }

    @Test
    void manyEditsOfOneUserAtOnceLeaveItAsOneOfThemMadeIt() {
        Account chief = admin.newAdmin("chief");
        Account target = admin.newUser("target");
        List<Supplier<Http.Reply>> edits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "{\"displayName\":\"Name " + i + "\",\"email\":\"edit" + i + "-" + target.userId()
                    + "@example.org\"}";
            edits.add(() -> admin.call(chief.token(), "PATCH", "api/admin/users/" + target.userId(), body));
        }
        atOnce(edits).forEach(r -> assertEquals(200, r.status(), r::body));

        String[] row = sql("SELECT displayName, email FROM users WHERE userId = '" + target.userId() + "';")
                .split("\\|");
        String n = row[0].substring("Name ".length());
        assertEquals("edit" + n + "-" + target.userId() + "@example.org", row[1], "name and email of one edit");
    }
}
