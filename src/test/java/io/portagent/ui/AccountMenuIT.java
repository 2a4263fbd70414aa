package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.PortagentApp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The user menu of every account: change the password, sign out everywhere; one person in two browsers. */
class AccountMenuIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @RegisterExtension
    static final Browser elsewhere = Browser.desktop();

    private StudioPage here;
    private StudioPage there;
    private String username;

    /** The same person signed in to the studio in both browsers. */
    @BeforeEach
    void signedInTwice() {
        here = new StudioPage(browser, app);
        there = new StudioPage(elsewhere, app);
        here.signedOut();
        there.signedOut();
        username = here.register();
        there.login(username);
    }

    @AfterEach
    void noConsoleErrors() {
        for (Browser b : List.of(browser, elsewhere)) {
            assertEquals(List.of(), b.consoleErrorsButRefusals(), "console errors (CSP violations, uncaught exceptions)");
        }
    }

    private void menu(String item) {
        browser.find(".user-menu-toggle").click();
        browser.button(item).click();
    }

    /** The new password keeps this studio open on a new token and signs the other browser out. */
    @Test
    void changingThePasswordKeepsThisStudioAndEndsTheOtherSessions() {
        String before = browser.localStorage("portagent_token");
        menu("Change password");
        browser.awaitText("dialog.password-dialog .hint", "At least 6 characters.");
        browser.type(browser.field("Current password"), StudioPage.PASSWORD);
        browser.type(browser.field("New password"), "changed-pass");
        browser.type(browser.field("Confirm new password"), "changed-pass");
        browser.screenshot("change-password");
        browser.button("Change password").click();
        browser.awaitGone("dialog.password-dialog");
        here.awaitStudio();
        browser.until(d -> !before.equals(browser.localStorage("portagent_token")) ? true : null, "a new token");
        here.newConversation();

        elsewhere.awaitUrlEndsWith("/login");
        elsewhere.awaitText(".notice", StudioPage.EXPIRED);
        there.login(username, StudioPage.PASSWORD);
        elsewhere.awaitText(".form-error", "Invalid credentials");
        there.login(username, "changed-pass");
        there.awaitStudio();
    }

    /** Sign out everywhere, chosen with the keyboard: this browser and the other land on the sign-in page. */
    @Test
    void signingOutEverywhereEndsEverySession() {
        WebElement toggle = browser.find(".user-menu-toggle");
        toggle.sendKeys(Keys.ENTER);
        browser.until(d -> "Change password".equals(browser.js("return document.activeElement.textContent;")) ? true
                : null, "focus on the first item");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertEquals("Sign out everywhere", browser.js("return document.activeElement.textContent;"));
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.find("dialog[open]").findElement(By.cssSelector("button[type=submit]")).click();

        browser.awaitUrlEndsWith("/login");
        browser.awaitText(".notice", "You have signed out on every device.");
        assertEquals(null, browser.localStorage("portagent_token"));
        elsewhere.awaitUrlEndsWith("/login");
        elsewhere.awaitText(".notice", StudioPage.EXPIRED);
    }
}
