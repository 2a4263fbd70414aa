package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.auth.InviteCodes;
import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import java.time.Clock;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/** Registration when the server requires today's invite code, and the forms' own checks. */
class RegistrationIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("INVITE_CODE_REQUIRED", "true"));

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    private void submit(String inviteCode, String email, String password, String confirm) {
        browser.type(browser.field("Invite Code"), inviteCode);
        browser.type(browser.field("Email (optional)"), email);
        browser.type(browser.field("Password"), password);
        browser.type(browser.field("Confirm Password"), confirm);
        browser.button("Create Account").click();
    }

    @Test
    void theInviteCodeIsAskedForCheckedAndAccepted() {
        StudioPage page = new StudioPage(browser, app);
        page.open("register");
        String rule = browser.field("Password").getAttribute("aria-describedby");
        assertEquals("At least 6 characters.", browser.text("#" + rule), "the password rule, before any submit");
        browser.type(browser.field("Username"), StudioPage.newUsername());
        submit("", "", "secret-pass", "secret-pass");
        browser.awaitText(".form-error", "Invite code is required");
        submit("123", "not-an-email", "secret-pass", "secret-pass");
        browser.awaitText(".form-error", "Invalid email address");
        submit("123", "", "secret-pass", "other-pass");
        browser.awaitText(".form-error", "Passwords do not match");
        submit("123", "", "secret-pass", "secret-pass");
        browser.awaitText(".form-error", "Invalid invite code");
        browser.screenshot("register-invite-error");
        submit(new InviteCodes(Clock.systemUTC(), ZoneId.systemDefault()).today(), "me@example.org", "secret-pass",
                "secret-pass");
        page.awaitStudio();
        assertTrue(browser.url().endsWith("/studio"));
    }

    @Test
    void signInIsDisabledUntilFilledAndShowsTheServersError() {
        StudioPage page = new StudioPage(browser, app);
        page.open("login");
        browser.js("localStorage.clear();");
        page.open("login");
        WebElement signIn = browser.button("Sign In");
        assertFalse(signIn.isEnabled());
        browser.type(browser.field("Username or Email"), "nobody");
        assertFalse(signIn.isEnabled());
        browser.type(browser.field("Password"), "wrong-password");
        assertTrue(signIn.isEnabled());
        signIn.click();
        browser.awaitText(".form-error", "Invalid credentials");
        browser.screenshot("login-error");
    }
}
