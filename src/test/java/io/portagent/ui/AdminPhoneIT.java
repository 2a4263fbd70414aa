package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console on a 390×844 phone, on a server where registering takes an invite. */
class AdminPhoneIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("REGISTRATION", "invite"));

    @RegisterExtension
    static final Browser browser = Browser.phone(390, 844);

    private StudioPage page;
    private ConsolePage console;
    private String admin;

    @BeforeEach
    void anAdminInTheConsole() {
        page = new StudioPage(browser, app);
        page.signedOut();
        admin = Admins.promoted(app);
        page.login(admin);
        console = new ConsolePage(browser, page);
        console.enterFromStudio();
    }

    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), browser.consoleErrorsButRefusals(), "console errors (CSP violations, uncaught exceptions)");
    }

    private boolean fitsTheScreen() {
        return (Boolean) browser.js("return document.documentElement.scrollWidth <= innerWidth"
                + " && document.querySelector('.admin-scroll').scrollWidth <= innerWidth;");
    }

    /** Users as cards, each value under its column's name, nothing wider than the screen. */
    @Test
    void theUsersPageFitsAPhone() {
        browser.type(browser.field("Search users"), admin);
        browser.until(d -> console.usernamesListed().equals(List.of(admin)) ? true : null, "the admin listed");
        assertTrue((Boolean) browser.js("return innerWidth === 390;"));
        assertFalse(browser.find(".data-table td[data-label='Last sign-in']").getText().isBlank());
        assertEquals("none", browser.js("return getComputedStyle(document.querySelector('.data-table thead')).display;"));
        assertTrue(fitsTheScreen(), "no sideways scrolling");
        browser.screenshot("admin-phone-users");
        browser.find(".data-table .user-link").click();
        console.awaitPage(admin);
        assertTrue(fitsTheScreen(), "the user's page fits too");
        browser.screenshot("admin-phone-user");
    }

    /** An invite made in the console registers one account; the list then says it is used up. */
    @Test
    void anInviteFromTheConsoleRegistersANewcomer() {
        String note = "for the phone test " + System.nanoTime();
        String code = console.createInvite(note);
        browser.awaitText(".data-table", note);
        assertTrue(fitsTheScreen(), "the invites page fits");
        browser.screenshot("admin-phone-invites");
        page.signOut();

        registerWith(code);
        page.awaitStudio();
        assertFalse(browser.present(".admin-link"), "a newcomer is no admin");
        page.signOut();

        page.login(admin);
        console.enterFromStudio();
        console.section("invites");
        console.awaitPage("Invites");
        WebElement row = inviteRow(code);
        assertEquals("1 of 1", row.findElement(By.cssSelector("td[data-label='Uses']")).getText());
        assertEquals("Used up", row.findElement(By.cssSelector("td[data-label='Status']")).getText());
    }

    /** A revoked invite is refused at registration with the server's sentence. */
    @Test
    void aRevokedInviteNoLongerRegisters() {
        String code = console.createInvite("to revoke");
        browser.byLabel("Revoke " + code).click();
        console.dialogButton("Revoke").click();
        browser.awaitText(".toast", "Revoked " + code + ".");
        browser.until(d -> inviteRow(code).getText().contains("Revoked") ? true : null, "the invite marked revoked");
        page.signOut();
        registerWith(code);
        browser.awaitText(".form-error", "Invalid invite code");
    }

    private void registerWith(String inviteCode) {
        page.open("register");
        browser.type(browser.field("Username"), StudioPage.newUsername());
        browser.type(browser.field("Invite Code"), inviteCode);
        browser.type(browser.field("Password"), StudioPage.PASSWORD);
        browser.type(browser.field("Confirm Password"), StudioPage.PASSWORD);
        browser.button("Create Account").click();
    }

    private WebElement inviteRow(String code) {
        return browser.until(d -> browser.all(".data-table tbody tr").stream()
                .filter(r -> r.getText().contains(code)).findFirst().orElse(null), "the invite " + code);
    }
}
