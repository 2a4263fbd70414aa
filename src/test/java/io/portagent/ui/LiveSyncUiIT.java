package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * One person in two browsers (a desktop and a phone): a conversation created, renamed or deleted
 * in one appears, changes or disappears in the other within a second, with no reload.
 */
class LiveSyncUiIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    /** Titles in the list, hidden (the phone's closed drawer) or not. */
    private static List<String> titles(Browser browser) {
        return browser.all(".conv-item .conv-title").stream().map(e -> e.getAttribute("textContent")).toList();
    }

    private static long within(Browser browser, List<String> expected) {
        long start = System.nanoTime();
        browser.until(d -> titles(browser).equals(expected) ? true : null, "the list " + expected);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void theListFollowsInTheOtherBrowser() {
        StudioPage here = new StudioPage(desktop, app);
        StudioPage there = new StudioPage(phone, app);
        here.signedOut();
        String username = here.register();
        there.signedOut();
        there.login(username);
        phone.find(".composer-input");

        app.model().enqueue(Script.text("Hello."));
        here.send("Plans for the weekend");
        here.awaitIdle();
        long created = within(phone, List.of("Plans for the weekend"));
        assertTrue(created < 1000, "created shown after " + created + " ms");

        desktop.find(".conv-item.active .conv-rename").click();
        WebElement name = desktop.find("dialog[open] input");
        name.clear();
        name.sendKeys("Weekend");
        desktop.button("Rename").click();
        desktop.awaitText(".chat-title", "Weekend");
        long renamed = within(phone, List.of("Weekend"));
        assertTrue(renamed < 1000, "rename shown after " + renamed + " ms");

        phone.byLabel("Show conversations").click();
        phone.find(".conv-item .conv-open").click();
        phone.awaitText(".chat-title", "Weekend");
        desktop.find(".conv-item.active .conv-delete").click();
        desktop.find("dialog[open]");
        desktop.button("Delete").click();
        long deleted = within(phone, List.of());
        assertTrue(deleted < 1000, "deletion shown after " + deleted + " ms");
        phone.awaitText(".toast", "This conversation was deleted in another tab or device.");
        phone.awaitUrlEndsWith("/studio");
        assertEquals("New conversation", phone.text(".chat-title"));
    }
}
