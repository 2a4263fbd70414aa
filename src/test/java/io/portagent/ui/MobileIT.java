package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 390×844 phone: the list is a drawer; the compact header keeps New conversation and Sign Out. */
class MobileIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.phone(390, 844);

    private boolean drawerOnScreen() {
        return (Boolean) browser.js("return document.querySelector('.sidebar').getBoundingClientRect().right > 10;");
    }

    @Test
    void aPhoneUsesTheDrawerAndTheCompactHeader() {
        StudioPage page = new StudioPage(browser, app);
        page.open("login");
        browser.screenshot("mobile-login");
        page.register();
        assertTrue((Boolean) browser.js("return innerWidth === 390;"));
        browser.until(d -> !drawerOnScreen() ? true : null, "the drawer closed");
        assertFalse(browser.find(".topbar .sign-out").getText().isEmpty());
        browser.screenshot("mobile-studio-empty");

        browser.byLabel("New conversation").click();
        browser.find(".composer-input");
        app.model().enqueue(Script.text("Hello ", "on a ", "small screen.\n\n", "| a | b |\n|---|---|\n| 1 | 2 |"));
        page.send("Hi from my phone");
        page.awaitIdle();
        browser.find(".md table");
        browser.screenshot("mobile-chat");

        browser.byLabel("Show conversations").click();
        browser.until(d -> drawerOnScreen() ? true : null, "the drawer open");
        browser.until(d -> (Boolean) browser.js("return getComputedStyle(document.querySelector('.sidebar'))"
                + ".transform === 'none';") ? true : null, "the drawer settled");
        browser.screenshot("mobile-drawer");
        browser.find(".conv-item .conv-open").click();
        browser.until(d -> !drawerOnScreen() ? true : null, "the drawer closed after picking");

        page.signOut();
        browser.screenshot("mobile-signed-out");
    }
}
