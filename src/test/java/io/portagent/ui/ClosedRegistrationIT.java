package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With REGISTRATION=closed the registration page offers no form and says who creates accounts. */
class ClosedRegistrationIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("REGISTRATION", "closed"));

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @Test
    void theRegistrationPageSaysAnAdministratorCreatesAccounts() {
        StudioPage page = new StudioPage(browser, app);
        page.open("register");
        browser.awaitText(".auth-card h1", "Accounts are created by an administrator");
        assertFalse(browser.present("form"), "no registration form");
        browser.find(".auth-card a[data-route='login']").click();
        browser.awaitUrlEndsWith("/login");
        browser.screenshot("register-closed");
    }
}
