package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * The message actions in Chromium, on a desktop and on a 390 px phone: copy an answer, answer
 * again, edit the last prompt, a busy provider said as it is retried, Retry on an error card, and
 * the stop notice and token lines still there after a reload.
 */
class MessageActionsUiIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @Test
    void onADesktop() {
        actions(desktop, "desktop");
    }

    @Test
    void onAPhone() {
        actions(phone, "phone");
    }

    private void actions(Browser browser, String name) {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        page.register();
        newConversation(browser);

        app.model().enqueue(Script.text("Blue.").usage(10, 2));
        page.send("Name a colour");
        page.awaitAnswer("Blue.");
        page.awaitIdle();
        browser.awaitText(".entry.turn-usage", "12 tokens used (10 read, 2 written)");
        browser.driver().executeCdpCommand("Browser.grantPermissions", Map.of("origin",
                app.baseUri().toString().replaceAll("/$", ""), "permissions", List.of("clipboardReadWrite",
                        "clipboardSanitizedWrite")));
        browser.find(".entry.assistant .copy-answer").click();
        browser.awaitText(".entry.assistant .copy-answer", "Copied!");
        assertEquals("Blue.", browser.js("return navigator.clipboard.readText();"));

        app.model().enqueue(Script.text("Green.").usage(10, 2));
        browser.button("Regenerate").click();
        page.awaitAnswer("Green.");
        page.awaitIdle();
        assertEquals(1, browser.all(".entry.assistant").size(), "the answer was replaced");
        browser.driver().navigate().refresh();
        page.awaitAnswer("Green.");
        assertEquals(List.of("Name a colour"), bubbles(browser));
        assertEquals(1, browser.all(".entry.assistant").size());

        browser.button("Edit last message").click();
        WebElement input = browser.find(".composer-input");
        assertEquals("Name a colour", input.getAttribute("value"));
        browser.find(".edit-note");
        browser.screenshot(name + "-edit-last-message");
        app.model().enqueue(Script.text("Apple."));
        browser.type(input, "Name a fruit");
        browser.find(".composer .send").click();
        page.awaitAnswer("Apple.");
        page.awaitIdle();
        assertEquals(List.of("Name a fruit"), bubbles(browser));

        for (int i = 0; i < 4; i++) {
            app.model().enqueue(Script.overloaded());
        }
        page.send("Are you there?");
        browser.until(d -> page.badge().startsWith("Provider busy — retrying ") ? page.badge() : null,
                "the retry said in the header");
        browser.until(d -> page.badge().equals("Provider busy — retrying 3/4") ? true : null, "the third attempt");
        WebElement retry = browser.find(".entry.error .retry");
        String card = browser.text(".entry.error");
        assertFalse(card.contains("(overloaded)"), "the code is not repeated: " + card);
        browser.screenshot(name + "-error-retry");
        app.model().enqueue(Script.text("Here now."));
        retry.click();
        page.awaitAnswer("Here now.");
        page.awaitIdle();
        browser.awaitGone(".entry.error .retry:not([hidden])");

        app.model().enqueue(Script.text(words(200)).deltaDelay(Duration.ofMillis(40)));
        page.send("Write a lot");
        browser.until(d -> page.lastAnswer().contains("w3") ? true : null, "some text");
        browser.find(".composer .send.stop").click();
        browser.awaitText(".entry.notice", "Stopped by the user.");
        page.awaitIdle();
        browser.driver().navigate().refresh();
        browser.awaitText(".entry.notice", "Stopped by the user.");
        browser.until(d -> page.turnUsage().size() >= 3 ? true : null, "the token lines of the answered turns");
        browser.screenshot(name + "-after-reload");
        assertTrue(page.lastAnswer().startsWith("w0 w1 w2 w3"), page.lastAnswer());
    }

    private static void newConversation(Browser browser) {
        browser.until(d -> browser.all(".new-conv, .new-mobile").stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null), "a New conversation button").click();
        browser.find(".composer-input");
    }

    private static List<String> bubbles(Browser browser) {
        return browser.all(".entry.user .bubble").stream().map(WebElement::getText).toList();
    }

    private static String[] words(int n) {
        String[] words = new String[n];
        Arrays.setAll(words, i -> "w" + i + " ");
        return words;
    }
}
