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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Map;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
        StudioPage page = answeredOnce(desktop, "first topic", "First.");
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

    /**
     * The sidebar's own 30-second refresh (sidebar.js' timer, which re-says "Just now" as "1m ago")
     * leaves keyboard focus on the same list entry. The timer is the behaviour under test, so this
     * is the one test that waits for it: one wait of at most 45 s, ended as soon as the time changes.
     */
    @Test
    void theThirtySecondRefreshKeepsKeyboardFocusInTheList() {
        StudioPage page = answeredOnce(desktop, "first topic", "First.");
        String first = page.conversationId();
        page.newConversation();
        app.model().enqueue(Script.text("Second."));
        page.send("second topic");
        page.awaitIdle();
        // 40 s old: "Just now" when the page loads, "1m ago" at the timer's first refresh 30 s later
        Sqlite3.run(app.dataDir().resolve("data/agentx.db"), "UPDATE images SET updatedAt = "
                + (System.currentTimeMillis() - 40_000) + " WHERE imageId = '" + first + "';");
        desktop.driver().navigate().refresh();
        String item = ".conv-item[data-image-id='" + first + "']";
        desktop.awaitText(item + " time", "Just now");
        WebElement rename = desktop.all(item + " .conv-rename").get(0);
        desktop.js("arguments[0].focus(); arguments[0].dataset.marked = 'yes';"
                + " document.querySelector(arguments[1]).dataset.marked = 'yes';", rename, item);
        new WebDriverWait(desktop.driver(), Duration.ofSeconds(45)).withMessage("the 30-second refresh")
                .until(d -> desktop.text(item + " time").equals("1m ago"));
        assertEquals("yes", desktop.js("return document.activeElement.dataset.marked || null;"),
                "the focused button is the same element");
        assertEquals("yes", desktop.js("return document.activeElement.closest('.conv-item').dataset.marked || null;"),
                "in the same list entry");
        assertEquals(List.of("second topic", "first topic"), page.conversationTitles());
    }

    /**
     * On a desktop, "New conversation" clicked again and again opens a ready composer and adds no
     * entry, here or on the server (a reload shows the stored list); the first message adds one.
     */
    @Test
    void onADesktopNewConversationAddsNoEntryUntilTheFirstMessage() {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        for (int i = 0; i < 3; i++) {
            page.newConversation();
        }
        assertEquals(List.of(), page.conversationTitles());
        desktop.driver().navigate().refresh();
        desktop.find(".composer-input");
        assertEquals(List.of(), page.conversationTitles(), "none stored either");
        app.model().enqueue(Script.text("One."));
        page.send("only one");
        page.awaitIdle();
        String only = page.conversationId();
        desktop.until(d -> page.conversationTitles().equals(List.of("only one")) ? true : null, "one entry");
        for (int i = 0; i < 3; i++) {
            page.newConversation();
        }
        desktop.driver().navigate().refresh();
        desktop.awaitText(".conv-item .conv-title", "only one");
        assertEquals(List.of("only one"), page.conversationTitles(), "still one after three more clicks");
        assertEquals(only, desktop.find(".conv-item").getAttribute("data-image-id"));
        app.model().enqueue(Script.text("Two."));
        page.newConversation();
        page.send("and a second");
        page.awaitIdle();
        desktop.until(d -> page.conversationTitles().equals(List.of("and a second", "only one")) ? true : null,
                "the second message's conversation first");
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
        StudioPage page = answeredOnce(desktop, "hello", "Hi.");
        String imageId = page.conversationId();
        Sqlite3.run(app.dataDir().resolve("data/agentx.db"), "DELETE FROM images WHERE imageId = '" + imageId + "';");
        WebElement input = desktop.find(".composer-input");
        input.sendKeys("still there?");
        input.sendKeys(Keys.ENTER);
        desktop.awaitText(".composer-error", "This conversation no longer exists: it was deleted, perhaps in another"
                + " tab or device.");
        assertTrue(!desktop.text(".composer-error").contains(imageId), "no raw id");
    }

    /**
     * The header's Markdown and JSON buttons save the conversation under the server's file names:
     * the text to read, and the export an import takes back (format, title, each message in turn).
     */
    @Test
    void theOpenConversationDownloadsAsMarkdownAndAsJson() throws IOException {
        StudioPage page = answeredOnce(desktop, "Hiking checklist", "Bring a map.");
        Path downloads = TestFiles.tempDir("portagent-downloads");
        desktop.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        desktop.button("Markdown").click();
        Path file = downloads.resolve("hiking-checklist.md");
        desktop.until(d -> Files.exists(file) ? true : null, "hiking-checklist.md downloaded");
        String text = Files.readString(file);
        assertTrue(text.startsWith("# Hiking checklist\n") && text.contains("Bring a map."), text);

        desktop.button("JSON").click();
        Path json = downloads.resolve("hiking-checklist.json");
        desktop.until(d -> Files.exists(json) ? true : null, "hiking-checklist.json downloaded");
        JsonObject export;
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(json)))) {
            export = reader.readObject();
        }
        assertEquals("portagent-conversation", export.getString("format"));
        assertEquals("Hiking checklist", export.getJsonObject("conversation").getString("name"));
        List<JsonObject> messages = export.getJsonArray("messages").getValuesAs(JsonObject.class);
        assertEquals(List.of("user", "assistant"), messages.stream().map(m -> m.getString("role")).toList());
        assertTrue(messages.get(0).get("content").toString().contains("Hiking checklist"), messages.toString());
        assertTrue(messages.get(1).get("content").toString().contains("Bring a map."), messages.toString());
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

    /** A new user's studio with one conversation: {@code prompt} sent and {@code answer} streamed to its end. */
    private static StudioPage answeredOnce(Browser browser, String prompt, String answer) {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text(answer));
        page.send(prompt);
        page.awaitIdle();
        return page;
    }
}
