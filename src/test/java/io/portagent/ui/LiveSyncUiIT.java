package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * One person in two browsers (a desktop and a phone): a conversation created, renamed or deleted
 * in one appears, changes or disappears in the other within a second, with no reload; an answer
 * being written shows as running in the other's list and goes back to idle when it ends, while a
 * third browser, another person's, never hears of it.
 */
class LiveSyncUiIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @RegisterExtension
    static final Browser stranger = Browser.desktop();

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

    @Test
    void anAnswerBeingWrittenShowsAsRunningInTheOtherBrowserAndNowhereElse() {
        StudioPage here = new StudioPage(desktop, app);
        StudioPage there = new StudioPage(phone, app);
        StudioPage other = new StudioPage(stranger, app);
        here.signedOut();
        String username = here.register();
        app.model().enqueue(Script.text("First."));
        here.send("Tell me a long story");
        here.awaitIdle();
        String conversation = here.conversationId();
        there.signedOut();
        there.login(username);
        other.signedOut();
        other.register();
        there.newConversation(); // not subscribed to it: only the user's notices can say it runs
        phone.until(d -> titles(phone).equals(List.of("Tell me a long story")) ? true : null, "the list on the phone");
        assertEquals(List.of(), runningDots(phone), "nothing runs yet");

        app.model().enqueue(Script.text(words(60)).deltaDelay(Duration.ofMillis(50)));
        here.send("Go on");
        phone.until(d -> runningDots(phone).equals(List.of(conversation)) ? true : null, "running on the phone");
        here.awaitIdle();
        phone.until(d -> runningDots(phone).isEmpty() ? true : null, "idle again on the phone");

        assertEquals(List.of(), titles(stranger), "another person's list stays empty");
        assertEquals(List.of(), runningDots(stranger));
        assertEquals(List.of(), stranger.consoleErrors());
        assertEquals(List.of(), phone.consoleErrors());
    }

    /** The conversations whose running indicator shows (in the phone's closed drawer too). */
    private static List<String> runningDots(Browser browser) {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) browser.js("return [...document.querySelectorAll('.conv-item')]"
                + ".filter(i => { const dot = i.querySelector('.running-dot'); return dot && !dot.hidden; })"
                + ".map(i => i.dataset.imageId);");
        return ids;
    }

    private static String[] words(int count) {
        String[] words = new String[count];
        for (int i = 0; i < count; i++) {
            words[i] = "word" + i + " ";
        }
        return words;
    }
}
