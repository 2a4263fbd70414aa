package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The studio in a real browser against the WAR in Tomcat and the fake model: the flows of issue 6. */
class StudioIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    private StudioPage page;

    @BeforeEach
    void signedOutPage() {
        page = new StudioPage(browser, app);
        page.open("login");
        browser.js("localStorage.clear(); sessionStorage.clear();");
    }

    @AfterEach
    void noConsoleErrors() {
        // Chrome reports the CSP blocking handlers in the markup DOMPurify parses, inert (DOMPurify#107)
        List<String> errors = browser.consoleErrors().stream()
                .filter(e -> !(e.contains("purify.min.js") && e.contains("inline event handler"))).toList();
        assertEquals(List.of(), errors, "console errors (CSP violations, uncaught exceptions)");
    }

    private static String[] words(String prefix, int n) {
        String[] words = new String[n];
        Arrays.setAll(words, i -> prefix + i + " ");
        return words;
    }

    /** A long list arrives a page at a time: the newest hundred, then older ones on request, in order. */
    @Test
    void aLongListShowsItsNewestPageThenOlderOnesOnRequest() {
        io.portagent.testing.TestUsers.User user = app.newUser();
        try (io.portagent.testing.WsClient ws = app.connect(user)) {
            for (int i = 0; i < 105; i++) {
                ws.request("image_create", jakarta.json.Json.createObjectBuilder().add("name", "Talk " + i));
            }
        }
        page.login(user.username());
        browser.until(d -> browser.all(".conv-item").size() == 100, "the first page of 100");
        assertEquals("Talk 104", browser.all(".conv-item .conv-title").get(0).getText());
        browser.button("Show older conversations").click();
        browser.until(d -> browser.all(".conv-item").size() == 105, "all 105 after the next page");
        assertEquals("Talk 0", browser.all(".conv-item .conv-title").get(104).getText());
        assertEquals(Boolean.TRUE, browser.js("return document.querySelector('.list-more').hidden"),
                "nothing older is left");
    }

    /** Register, sign in, chat with a streamed answer, reload, rename, search, delete, sign out. */
    @Test
    void aPersonChatsFromRegistrationToSignOut() {
        String username = page.register();
        browser.find(".composer-input");
        browser.awaitText(".chat-title", "New conversation");
        browser.screenshot("studio-empty");
        assertTrue(browser.text(".user-name").contains("Tester " + username));
        page.signOut();
        page.login(username);

        page.newConversation();
        String[] words = words("word", 30);
        app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(70)));
        page.send("Explain streaming");
        List<Integer> lengths = new ArrayList<>();
        List<String> whileStreaming = new ArrayList<>(); // the badge and the send button, read as it streams
        browser.until(d -> {
            List<Object> state = page.streaming();
            if (state != null) {
                lengths.add(((Number) state.get(0)).intValue());
                whileStreaming.add(state.get(1) + " / " + state.get(2));
            }
            return lengths.stream().distinct().filter(l -> l > 0).count() >= 3 ? true : null;
        }, "the answer to grow while it streams");
        // read during the stream, not after: on a loaded machine the answer may be complete by the next line
        assertTrue(whileStreaming.stream().anyMatch(seen -> Arrays.asList("Thinking… / Stop", "Writing… / Stop")
                .contains(seen)), whileStreaming.toString());
        browser.screenshot("studio-streaming");
        String full = String.join("", words).strip();
        page.awaitAnswer(full);
        page.awaitIdle();
        browser.awaitText(".entry.turn-usage", "55 tokens used (25 read, 30 written)");
        assertEquals("Send", browser.find(".composer .send").getText());
        browser.awaitText(".conv-item.active .conv-title", "Explain streaming");

        browser.driver().navigate().refresh();
        browser.awaitText(".entry.user .bubble", "Explain streaming");
        page.awaitAnswer(full);
        assertEquals(1, browser.all(".entry.assistant").size());

        browser.find(".conv-item.active .conv-rename").click();
        WebElement name = browser.find("dialog[open] input");
        name.clear();
        name.sendKeys("Renamed chat");
        browser.button("Rename").click();
        browser.awaitText(".chat-title", "Renamed chat");
        browser.awaitText(".conv-item.active .conv-title", "Renamed chat");

        page.newConversation();
        assertEquals(List.of("Renamed chat"), page.conversationTitles(), "New conversation adds no empty entry");
        app.model().enqueue(Script.text("Sure."));
        page.send("**Plan** the `second` trip to the mountains with friends this summer");
        String second = page.conversationId();
        browser.until(d -> page.conversationTitles().size() == 2 ? true : null, "two conversations");
        String title = "Plan the second trip to the mountains with friends…";
        browser.awaitText(".conv-item.active .conv-title", title);
        browser.until(d -> title.equals(d.getTitle()) ? true : null, "the tab titled as the conversation");
        browser.find(".search").sendKeys("renamed");
        browser.until(d -> page.conversationTitles().equals(List.of("Renamed chat")) ? true : null, "search result");
        browser.screenshot("studio-search");
        browser.find(".conv-item .conv-open").click();
        browser.awaitText(".chat-title", "Renamed chat");
        browser.find(".search").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.find(".conv-item.active .conv-delete").click();
        browser.find("dialog[open]");
        browser.screenshot("studio-delete-dialog");
        browser.button("Delete").click();
        browser.awaitUrlEndsWith("/studio/" + second);
        browser.awaitText(".chat-title", title);
        assertEquals(List.of(title), page.conversationTitles());

        page.signOut();
        page.login(username);
        browser.awaitUrlEndsWith("/studio/" + second);
        page.awaitAnswer("Sure.");

        String token = browser.localStorage("portagent_token");
        page.signOut();
        Http.Reply verify = Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(401, verify.status(), "Sign Out revokes the token");
        browser.screenshot("login-signed-out");
    }

    /** A reload mid-answer shows the stored part and streams the rest: the whole answer, once. */
    @Test
    void reloadingMidAnswerContinuesTheAnswerWithoutGapOrRepeat() {
        page.register();
        page.newConversation();
        String[] words = words("r", 50);
        app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(60)));
        page.send("Long answer please");
        browser.until(d -> page.lastAnswer().contains("r20") ? true : null, "a good part of the answer");
        browser.driver().navigate().refresh();
        browser.until(d -> "Writing…".equals(page.badge()) ? true : null, "the answer still streaming");
        page.awaitAnswer(String.join("", words).strip());
        page.awaitIdle();
        assertEquals(1, browser.all(".entry.assistant").size());
    }

    /** Enter sends, Shift+Enter adds a line, an Enter that confirms an IME candidate does not send. */
    @Test
    void enterSendsButNotWhileComposingOrWithShift() {
        page.register();
        page.newConversation();
        WebElement input = browser.find(".composer-input");
        input.sendKeys("first line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertEquals("first line\nsecond line", input.getAttribute("value"));
        Object sentWhileComposing = browser.js("const input = arguments[0];"
                + " input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true,"
                + " cancelable: true}));"
                + " return document.querySelector('.composer .send').disabled;", input);
        assertEquals(false, sentWhileComposing, "an IME Enter must not send");
        app.model().enqueue(Script.text("Got both lines."));
        input.sendKeys(Keys.ENTER);
        page.awaitAnswer("Got both lines.");
        assertEquals("first line\nsecond line", browser.text(".entry.user .bubble"));
        assertEquals("", browser.find(".composer-input").getAttribute("value"));

        browser.byLabel("Collapse sidebar").click();
        browser.until(d -> !browser.all(".sidebar").get(0).isDisplayed() ? true : null, "sidebar collapsed");
        browser.byLabel("Expand sidebar").click();
        browser.find(".sidebar");
    }

    /** Signing out elsewhere revokes the token: the open studio closes and says why on the login page. */
    @Test
    void aRevokedTokenSendsTheOpenStudioBackToLogin() {
        page.register();
        page.newConversation();
        String token = browser.localStorage("portagent_token");
        Http.send(HttpRequest.newBuilder(app.uri("api/auth/logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        browser.awaitUrlEndsWith("/login");
        browser.awaitText(".notice", "Your session has expired or was revoked. Please sign in again.");
    }

    /** GFM tables, lists, links in a new tab, highlighted code with a working Copy button. */
    @Test
    void markdownRendersTablesLinksAndHighlightedCode() {
        page.register();
        page.newConversation();
        app.model().enqueue(Script.text("## Result\n\n| Name | Size |\n|---|---|\n| a.txt | 3 |\n\n", "- one\n- two\n\n",
                "See [the docs](https://example.org/docs).\n\n", "```java\nclass Hello { int x = 42; }\n```\n"));
        page.send("Show me markdown");
        page.awaitIdle();
        browser.find(".md table td");
        assertEquals(2, browser.all(".md ul li").size());
        WebElement link = browser.find(".md a");
        assertEquals("_blank", link.getAttribute("target"));
        assertTrue(link.getAttribute("rel").contains("noopener"));
        browser.find(".code-block code.hljs .hljs-keyword");
        WebElement copy = browser.find(".code-block .copy");
        copy.click();
        browser.awaitText(".code-block .copy", "Copied!");
        browser.screenshot("studio-markdown");
    }

    /** A tool call is a card, collapsed at first; opened it shows the input JSON, the output and the time. */
    @Test
    void aToolCallShowsAsACollapsedCardWithInputAndOutput() {
        page.register();
        page.newConversation();
        app.model().enqueue(
                Script.toolUse("toolu_ui1", "write_file", "{\"path\":", " \"notes.txt\", \"content\": \"hello\"}"),
                Script.text("I saved your notes."));
        page.send("Save my notes");
        page.awaitAnswer("I saved your notes.");
        page.awaitIdle();
        WebElement card = browser.find("details.entry.tool");
        assertNull(card.getAttribute("open"), "collapsed by default");
        assertEquals("write_file", browser.text(".tool-name"));
        assertEquals("Done", browser.text(".tool-status"));
        assertTrue(browser.text(".tool-duration").endsWith(" s"));
        browser.find("details.entry.tool summary").click();
        browser.awaitText(".tool-input", "\"path\": \"notes.txt\"");
        browser.awaitText(".tool-output", "notes.txt");
        browser.screenshot("studio-tool-card");
    }

    /** A tool the agent does not have still gets a card, marked as failed, with the reason. */
    @Test
    void anUnknownToolIsAFailedCard() {
        page.register();
        page.newConversation();
        app.model().enqueue(Script.toolUse("toolu_ui2", "no_such_tool", "{}"), Script.text("That tool is missing."));
        page.send("Use a missing tool");
        page.awaitAnswer("That tool is missing.");
        assertEquals("Failed", browser.text(".tool-status"));
        browser.find("details.entry.tool summary").click();
        browser.awaitText(".tool-output", "Unknown tool: no_such_tool");
    }

    /** A provider failure ends the turn with an error entry that names the cause. */
    @Test
    void anLlmErrorIsShownAsAnErrorEntry() {
        page.register();
        page.newConversation();
        app.model().enqueue(Script.httpError(401, "authentication_error", "invalid x-api-key"));
        page.send("Hello?");
        browser.awaitText(".entry.error", "Invalid API key");
        browser.until(d -> "Something went wrong".equals(page.badge()) ? true : null, "the error status");
        assertEquals("Send", browser.find(".composer .send").getText());
        browser.screenshot("studio-llm-error");
    }

    /** Stop ends a running answer; the partial text stays. */
    @Test
    void stopInterruptsTheAnswer() {
        interruptWith(() -> browser.find(".composer .send.stop").click());
    }

    /** Esc does the same as Stop. */
    @Test
    void escapeInterruptsTheAnswer() {
        interruptWith(() -> browser.find(".composer-input").sendKeys(Keys.ESCAPE));
    }

    private void interruptWith(Runnable interrupt) {
        page.register();
        page.newConversation();
        app.model().enqueue(Script.text(words("slow", 200)).deltaDelay(Duration.ofMillis(50)));
        page.send("Write a lot");
        browser.until(d -> page.lastAnswer().contains("slow3") ? true : null, "some text");
        interrupt.run();
        browser.awaitText(".entry.notice", "Stopped by the user.");
        page.awaitIdle();
        String partial = page.lastAnswer();
        assertTrue(partial.startsWith("slow0 slow1 slow2 slow3"), partial);
        assertFalse(partial.contains("slow199"), "the answer was cut short");
        assertEquals("Send", browser.find(".composer .send").getText());
    }

    /** Model text and tool output with HTML and javascript: links render as inert text. */
    @Test
    void htmlInAnswersAndToolOutputIsInert() {
        page.register();
        page.newConversation();
        app.model().enqueue(Script.toolUse("toolu_xss", "<img src=x onerror=\"window.__xss=4\">", "{\"q\":\"<script>window.__xss=5</script>\"}"),
                Script.text("<img src=x onerror=\"window.__xss=1\"> ", "<script>window.__xss=2</script> ",
                        "[click me](javascript:window.__xss=3) ", "<a href=\"javascript:window.__xss=6\">raw link</a> ",
                        "<iframe src=\"javascript:window.__xss=7\"></iframe> ",
                        "<svg><script>window.__xss=8</script></svg> <b onmouseover=\"window.__xss=9\">bold</b>"));
        page.send("<img src=y onerror=\"window.__xss=10\">");
        page.awaitIdle();
        browser.find("details.entry.tool summary").click();
        browser.awaitText(".tool-name", "<img src=x onerror=\"window.__xss=4\">");
        browser.awaitText(".tool-input", "<script>window.__xss=5</script>");
        browser.awaitText(".entry.user .bubble", "<img src=y onerror=\"window.__xss=10\">");
        for (WebElement link : browser.all(".transcript a")) {
            link.click();
        }
        browser.all(".md b").forEach(b -> new org.openqa.selenium.interactions.Actions(browser.driver())
                .moveToElement(b).perform());
        assertNull(browser.js("return window.__xss === undefined ? null : String(window.__xss);"));
        assertEquals(0L, browser.js("return document.querySelectorAll('.transcript script, .transcript iframe,"
                + " .transcript [onerror], .transcript [onmouseover]').length;"));
        assertEquals(0L, browser.js("return [...document.querySelectorAll('.transcript a')]"
                + ".filter(a => (a.getAttribute('href') || '').toLowerCase().includes('javascript')).length;"));
        browser.screenshot("studio-xss-inert");
    }
}
