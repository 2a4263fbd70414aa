package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console in a real browser against the WAR: an admin in one browser, the person they
 * manage in another, so a change shows where that person is signed in.
 */
class AdminConsoleIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @RegisterExtension
    static final Browser other = Browser.desktop();

    private StudioPage adminStudio;
    private ConsolePage console;
    private StudioPage person;

    /** A fresh admin signed in to the console in the first browser; the second browser signed out. */
    @BeforeEach
    void anAdminInTheConsole() {
        adminStudio = new StudioPage(browser, app);
        person = new StudioPage(other, app);
        adminStudio.signedOut();
        person.signedOut();
        adminStudio.login(Admins.promoted(app));
        console = new ConsolePage(browser, adminStudio);
        console.enterFromStudio();
    }

    @AfterEach
    void noConsoleErrors() {
        for (Browser b : List.of(browser, other)) {
            assertEquals(List.of(), b.consoleErrorsButRefusals(), "console errors (CSP violations, uncaught exceptions)");
        }
    }

    /** Created in the console, the person signs in with the temporary password and must choose their own first. */
    @Test
    void aCreatedUserMustChangeTheTemporaryPasswordBeforeTheStudioOpens() {
        String username = StudioPage.newUsername();
        String temporary = console.createUser(username);
        assertFalse(temporary.isBlank());
        browser.screenshot("admin-user-created");

        person.login(username, temporary);
        other.find("dialog.password-dialog");
        assertFalse(other.present(".studio"), "the studio waits for the new password");
        other.awaitText("dialog.password-dialog .hint", "At least 6 characters.");
        person.chooseNewPassword(temporary, "short", "short");
        other.awaitText("dialog .form-error", "Password must be at least 6 characters");
        person.chooseNewPassword(temporary, "chosen-pass", "other-pass");
        other.awaitText("dialog .form-error", "Passwords do not match");
        other.screenshot("password-change-required");
        String before = other.localStorage("portagent_token");
        person.chooseNewPassword(temporary, "chosen-pass", "chosen-pass");
        person.awaitStudio();
        other.awaitGone("dialog.password-dialog");
        assertNotEquals(before, other.localStorage("portagent_token"), "the new token is kept");

        person.signOut();
        person.login(username, temporary);
        other.awaitText(".form-error", "Invalid credentials");
        person.login(username, "chosen-pass");
        person.awaitStudio();
        assertFalse(other.present("dialog.password-dialog"));
    }

    /** Disable closes the person's open studio at once; Enable lets them sign in again, their old token stays dead. */
    @Test
    void disablingSignsTheUserOutAndEnablingLetsThemBackIn() {
        String username = person.register();
        person.newConversation();
        String oldToken = other.localStorage("portagent_token");

        console.openUser(username);
        assertEquals("Active", console.fact("Status"));
        console.act("Disable", username + " is disabled.");
        assertEquals("Disabled", console.fact("Status"));
        browser.screenshot("admin-user-disabled");
        other.awaitUrlEndsWith("/login");
        other.awaitText(".notice", StudioPage.EXPIRED);
        person.login(username, StudioPage.PASSWORD);
        other.awaitText(".form-error", refusedLogin(username));
        assertFalse(other.present(".studio"));

        console.act("Enable", username + " is enabled.");
        assertEquals("Active", console.fact("Status"));
        person.login(username);
        assertEquals(401, verify(oldToken), "the token from before the disable stays refused");
    }

    /** Delete needs the username typed exactly; then the account is gone from the list and the API. */
    @Test
    void deletingAUserNeedsTheirNameTyped() {
        String username = StudioPage.newUsername();
        console.createUser(username);
        console.openUser(username);
        String userId = console.fact("User id");
        browser.button("Delete user").click();
        browser.type(browser.field("Type " + username + " to confirm"), username + "x");
        assertFalse(console.dialogButton("Delete user").isEnabled());
        browser.screenshot("admin-delete-confirm");
        browser.type(browser.field("Type " + username + " to confirm"), username);
        console.dialogButton("Delete user").click();
        console.awaitPage("Users");
        browser.awaitText(".notice", "Deleted " + username + ".");
        browser.type(browser.field("Search users"), username);
        browser.awaitText(".empty-table", "No user matches the search.");
        String token = browser.localStorage("portagent_token");
        assertEquals(404, Http.send(HttpRequest.newBuilder(app.uri("api/admin/users/" + userId))
                .header("Authorization", "Bearer " + token)).status());
    }

    /** Every step the console took on an account is in the audit log, filtered to that account. */
    @Test
    void theAuditPageShowsWhatWasDone() {
        String username = StudioPage.newUsername();
        String temporary = console.createUser(username);
        person.login(username, temporary);
        person.chooseNewPassword(temporary, "chosen-pass", "chosen-pass");
        person.awaitStudio();
        console.openUser(username);
        console.act("Disable", username + " is disabled.");
        console.act("Enable", username + " is enabled.");

        List<String> actions = console.auditActions(username);
        browser.screenshot("admin-audit");
        for (String action : List.of("user_created", "login", "password_changed", "user_disabled", "user_enabled")) {
            assertTrue(actions.contains(action), action + " in " + actions);
        }
        assertEquals("user_enabled", actions.get(0), "newest first: " + actions);
    }

    /** A group made and edited in the console, a user put in it from their page; a bad name gets the API's sentence. */
    @Test
    void aGroupIsMadeEditedAndGivenAMember() {
        String username = StudioPage.newUsername();
        console.createUser(username);
        String group = "team-" + System.nanoTime() % 100_000;
        console.section("groups");
        console.awaitPage("Groups");
        browser.type(browser.field("Name"), "Not A Name");
        browser.button("Create group").click();
        browser.awaitText(".form-error", "Group name must be 1-64 lowercase letters, digits, '.', '_' or '-'");
        browser.type(browser.field("Name"), group);
        browser.type(browser.field("Models"), "model-a, model-b");
        browser.button("Create group").click();
        browser.awaitText(".data-table", group);
        browser.until(d -> d.findElement(By.linkText(group)), "the group's link").click();
        console.awaitPage(group);
        browser.type(browser.field("Daily token budget"), "5000");
        browser.button("Save changes").click();
        browser.awaitText(".toast", "Saved " + group + ".");
        browser.awaitText(".admin-page .hint", "model-a, model-b · 5,000 tokens a day");

        console.openUser(username);
        new Select(browser.field("Add to group")).selectByVisibleText(group);
        browser.button("Add").click();
        browser.awaitText(".toast", username + " is in " + group + " now.");
        browser.until(d -> console.fact("Groups").equals(group) ? true : null, "the group among the user's facts");
        browser.screenshot("admin-user-in-group");
        console.section("groups");
        console.awaitPage("Groups");
        browser.until(d -> d.findElement(By.linkText(group)), "the group's link").click();
        console.awaitPage(group);
        browser.awaitText(".data-table", username);
    }

    /** A setting saved in the console applies and says where it is stored; a value the operator set has no input. */
    @Test
    void aSettingIsSavedInTheConsoleAndAnOperatorsValueIsReadOnly() {
        console.section("settings");
        console.awaitPage("Settings");
        browser.awaitText("[data-key='LLM_PROVIDER_URL']", "set by the operator");
        assertFalse(browser.present("input[name='LLM_PROVIDER_URL']"), "no input for the operator's value");
        browser.awaitText("[data-key='LLM_PROVIDER_KEY']", "********");
        assertFalse(browser.driver().getPageSource().contains(io.portagent.testing.AppServer.TEST_API_KEY));

        browser.type(browser.field("USER_DAILY_TOKEN_LIMIT"), "lots");
        browser.button("Save").click();
        browser.awaitText(".form-error", "Invalid value for USER_DAILY_TOKEN_LIMIT: 'lots' (from stored in the console)");
        browser.type(browser.field("USER_DAILY_TOKEN_LIMIT"), "25000");
        browser.button("Save").click();
        browser.awaitText(".toast", "Settings saved; they apply now.");
        browser.awaitText("[data-key='USER_DAILY_TOKEN_LIMIT'] .hint", "Stored in the console.");
        assertEquals("25000", browser.field("USER_DAILY_TOKEN_LIMIT").getAttribute("value"));
        browser.screenshot("admin-settings");

        browser.type(browser.field("USER_DAILY_TOKEN_LIMIT"), "");
        browser.button("Save").click();
        browser.awaitText("[data-key='USER_DAILY_TOKEN_LIMIT'] .hint", "Built-in default.");
    }

    /** A person's turn in the studio shows on the Usage page under their name, with its model and tokens. */
    @Test
    void theUsagePageShowsAPersonsTokensByDayAndModel() {
        String username = person.register();
        person.newConversation();
        app.model().enqueue(io.portagent.testing.Script.text("Counted.").usage(1234, 56));
        person.send("Count this");
        person.awaitAnswer("Counted.");
        person.awaitIdle();

        console.section("usage");
        console.awaitPage("Usage");
        // the ledger row is written with the turn's last write, which may follow the answer on screen
        browser.until(d -> {
            browser.button("Apply").click();
            return d.findElements(By.cssSelector(".data-table tr")).stream().anyMatch(r -> r.getText()
                    .contains(username) && r.getText().contains("1,234") && r.getText().contains("56")) ? true : null;
        }, "a usage row of " + username + " with 1,234 in and 56 out");
        browser.screenshot("admin-usage");
    }

    /** A non-admin has no Admin link, and the console's route shows the API's refusal, word for word. */
    @Test
    void aUserWithoutTheAdminRoleNeverSeesTheConsole() {
        person.register();
        assertFalse(other.present(".admin-link"));
        String token = other.localStorage("portagent_token");
        Http.Reply refused = Http.send(HttpRequest.newBuilder(app.uri("api/admin/users"))
                .header("Authorization", "Bearer " + token));
        assertEquals(403, refused.status());
        person.open("admin/users");
        other.awaitText(".admin-page .form-error", refused.json().getString("error"));
        assertFalse(other.present(".data-table"));
        other.screenshot("admin-refused");
    }

    /** What the API answers a disabled account's sign-in, to be shown as it is. */
    private static String refusedLogin(String username) {
        String body = "{\"usernameOrEmail\":\"" + username + "\",\"password\":\"" + StudioPage.PASSWORD + "\"}";
        Http.Reply reply = Http.send(HttpRequest.newBuilder(app.uri("api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(401, reply.status(), reply.body());
        return reply.json().getString("error");
    }

    private static int verify(String token) {
        return Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify")).header("Authorization", "Bearer " + token))
                .status();
    }
}
