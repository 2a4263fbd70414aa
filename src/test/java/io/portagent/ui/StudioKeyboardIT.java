package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The defects a new user met, fixed: the list keeps keyboard focus when it changes, a skip link
 * and shortcuts, tool cards that look expandable, a conversation deleted elsewhere said in words,
 * and on a phone a ready composer whose first message creates the conversation.
 */
class StudioKeyboardIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    private static String[] words(int n) {
        String[] words = new String[n];
        Arrays.setAll(words, i -> "k" + i + " ");
        return words;
    }

    /** Focus on a list entry survives the list being updated (here: a turn ending refreshes it). */
    @Test
    void theConversationListKeepsKeyboardFocusWhileItUpdates() {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text("First."));
        page.send("first topic");
        page.awaitIdle();
        page.newConversation();
        app.model().enqueue(Script.text(words(60)).deltaDelay(Duration.ofMillis(50)));
        page.send("second topic");
        desktop.until(d -> page.lastAnswer().contains("k3") ? true : null, "the answer streaming");
        WebElement rename = desktop.all(".conv-item:not(.active) .conv-rename").get(0); // shown on focus or hover
        desktop.js("arguments[0].focus(); arguments[0].dataset.marked = 'yes';", rename);
        page.awaitIdle(); // the turn's end re-reads the list and marks the conversation idle
        desktop.until(d -> !desktop.present(".conv-item .running-dot:not([hidden])") ? true : null, "not running");
        assertEquals("yes", desktop.js("return document.activeElement.dataset.marked || null;"),
                "the focused button is the same element");
    }

    /** Tab reaches a skip link first; it lands in the transcript; Ctrl+Shift+O and "/" do what they say. */
    @Test
    void aSkipLinkAndShortcutsSaveTabStops() {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.toolUse("toolu_kb", "list_files", "{}"), Script.text("Listed."));
        page.send("list my files");
        page.awaitAnswer("Listed.");
        page.awaitIdle();
        desktop.driver().navigate().refresh();
        page.awaitAnswer("Listed.");
        assertEquals(true, desktop.js("return document.querySelector('button, a[href], input, textarea, select,"
                + " [tabindex]').classList.contains('skip-link');"), "the first Tab stop of the page");
        desktop.js("document.querySelector('.collapse-toggle').focus();"); // the header's first control
        new Actions(desktop.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertEquals("Skip to the conversation", desktop.js("return document.activeElement.textContent;"));
        assertTrue(desktop.find(".skip-link").isDisplayed(), "visible when focused");
        new Actions(desktop.driver()).sendKeys(Keys.ENTER).perform();
        assertEquals(true, desktop.js("return document.activeElement.classList.contains('transcript');"));

        WebElement summary = desktop.find("details.entry.tool summary");
        assertEquals("Details", desktop.text("details.entry.tool .tool-more"));
        assertEquals("▸", desktop.text("details.entry.tool .tool-chevron"));
        summary.click();
        desktop.awaitText(".tool-input", "{}");

        new Actions(desktop.driver()).sendKeys("/").perform();
        assertEquals(true, desktop.js("return document.activeElement.classList.contains('search');"));
        desktop.js("document.activeElement.blur();");
        new Actions(desktop.driver()).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("o").keyUp(Keys.SHIFT)
                .keyUp(Keys.CONTROL).perform();
        desktop.awaitUrlEndsWith("/studio");
        desktop.awaitText(".chat-title", "New conversation");
        assertEquals(true, desktop.js("return document.activeElement.classList.contains('composer-input');"));
    }

    /**
     * A conversation gone without this tab being told (another tab's notice arrives at once, see
     * LiveSyncUiIT; here the row is deleted with sqlite3, as another node or an operator would):
     * sending in it says so in words, not "No conversation 0ec7…".
     */
    @Test
    void sendingInAConversationDeletedElsewhereSaysSo() {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text("Hi."));
        page.send("hello");
        page.awaitIdle();
        String imageId = page.conversationId();
        Sqlite3.run(app.dataDir().resolve("data/agentx.db"), "DELETE FROM images WHERE imageId = '" + imageId + "';");
        WebElement input = desktop.find(".composer-input");
        input.sendKeys("still there?");
        input.sendKeys(Keys.ENTER);
        desktop.awaitText(".composer-error", "This conversation no longer exists: it was deleted, perhaps in another"
                + " tab or device.");
        assertTrue(!desktop.text(".composer-error").contains(imageId), "no raw id");
    }

    /** The header's Markdown button saves the conversation under the server's file name, its text in it. */
    @Test
    void theOpenConversationDownloadsAsMarkdown() throws IOException {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text("Bring a map."));
        page.send("Hiking checklist");
        page.awaitIdle();
        Path downloads = TestFiles.tempDir("portagent-downloads");
        desktop.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        desktop.button("Markdown").click();
        Path file = downloads.resolve("hiking-checklist.md");
        desktop.until(d -> Files.exists(file) ? true : null, "hiking-checklist.md downloaded");
        String text = Files.readString(file);
        assertTrue(text.startsWith("# Hiking checklist\n") && text.contains("Bring a map."), text);
    }

    /** On a phone: sign-in lands on a ready composer; its first message creates the conversation, titled from it. */
    @Test
    void onAPhoneTheFirstMessageCreatesTheConversation() {
        StudioPage page = new StudioPage(phone, app);
        page.signedOut();
        String username = page.register();
        phone.find(".composer-input");
        assertEquals(List.of(), page.conversationTitles());
        app.model().enqueue(Script.text("Noted."));
        page.send("# Shopping list for Saturday's picnic in the park with everyone");
        page.awaitIdle();
        page.conversationId();
        phone.until(d -> "Shopping list for Saturday's picnic in the park…".equals(d.getTitle()) ? true : null,
                "the tab titled from the first message");
        phone.screenshot("mobile-first-message");
        page.signOut();
        page.login(username);
        phone.awaitUrlEndsWith("/studio/" + page.conversationId());
        page.awaitAnswer("Noted.");
    }
}
