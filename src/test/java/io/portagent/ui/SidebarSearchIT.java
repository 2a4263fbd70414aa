package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sidebar's search in Chromium finds a conversation by the words of its messages (the prompt
 * or the answer), not only by its title, and shows the hit marked, as text: markup in a message
 * stays characters. The API behind it answers only the caller's own conversations.
 */
class SidebarSearchIT {

    private static final String PROMPT = "<img src=x onerror=\"document.title='owned'\"> where did the purple elephant go?";

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @Test
    void findsAConversationByWhatWasSaidAndMarksTheHitAsText() {
        StudioPage page = new StudioPage(browser, app);
        searchWhatWasSaid(browser, page);

        String mine = browser.localStorage("portagent_token");
        assertEquals(1, search(mine, "purple elephant").size());
        page.signedOut();
        page.register();
        String theirs = browser.localStorage("portagent_token");
        assertEquals(List.of(), search(theirs, "purple elephant"), "another user finds none of it");
        assertEquals(400, Http.send(HttpRequest.newBuilder(app.uri("api/conversations/search?q=" + "x".repeat(201)))
                .header("Authorization", "Bearer " + theirs).GET()).status(), "a query too long");
    }

    /**
     * On a 390 px phone the list is a drawer: opened with ☰, the same search finds the
     * conversation by its words, marks the hit as text, and picking it opens it.
     */
    @Test
    void onAPhoneTheDrawerFindsAConversationByWhatWasSaid() {
        StudioPage page = new StudioPage(phone, app);
        String first = searchWhatWasSaid(phone, page);
        phone.type(phone.find(".sidebar .search"), "purple elephant");
        phone.awaitText(".conv-hit mark", "purple elephant");
        assertEquals(List.of(), phone.widerThanTheWindow(), "no sideways scroll");
        phone.screenshot("mobile-sidebar-search");
        phone.find(".conv-item .conv-open").click();
        phone.awaitUrlEndsWith("/studio/" + first);
        phone.until(d -> page.lastAnswer().contains("bank.") ? true : null, "its answer");
        phone.until(d -> "hidden".equals(phone.js("return getComputedStyle(document.querySelector('.sidebar'))"
                + ".visibility;")) ? true : null, "the drawer closed after picking");
    }

    /** Two conversations, then the search in the list: by a prompt's words, an answer's, a title; returns the first's id. */
    private static String searchWhatWasSaid(Browser browser, StudioPage page) {
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text("It went to the <b>river</b> bank."));
        page.send(PROMPT);
        page.awaitIdle();
        String first = page.conversationId();
        page.newConversation();
        app.model().enqueue(Script.text("Nothing about animals."));
        page.send("Tell me about tables");
        page.awaitIdle();
        page.showConversations();
        browser.until(d -> page.conversationTitles().size() == 2 ? true : null, "two conversations");

        browser.type(browser.find(".sidebar .search"), "PURPLE eleph");
        browser.until(d -> page.conversationTitles().size() == 1 ? true : null, "one conversation left");
        assertEquals(first, browser.find(".conv-item").getAttribute("data-image-id"));
        browser.awaitText(".conv-hit mark", "purple eleph");
        String hit = (String) browser.js("return document.querySelector('.conv-hit').textContent;");
        assertTrue(hit.startsWith("…") && hit.contains("'owned'\"> where did the purple elephant go?"), hit);
        assertEquals(List.of(), browser.all(".sidebar img, .sidebar b"), "no markup from a message");

        browser.type(browser.find(".sidebar .search"), "river</b> ba");
        browser.awaitText(".conv-hit mark", "river</b> ba");
        assertEquals(1, page.conversationTitles().size());

        browser.type(browser.find(".sidebar .search"), "tables");
        browser.until(d -> page.conversationTitles().equals(List.of("Tell me about tables")) ? true : null,
                "the title match");
        browser.js("const s = document.querySelector('.sidebar .search'); s.value = '';"
                + " s.dispatchEvent(new Event('input'));");
        browser.until(d -> page.conversationTitles().size() == 2 ? true : null, "the whole list again");
        assertEquals(List.of(), browser.all(".conv-hit:not([hidden])"));
        assertTrue(!"owned".equals(browser.driver().getTitle()));
        assertEquals(List.of(), browser.consoleErrors());
        return first;
    }


    private static List<JsonObject> search(String token, String q) {
        return Http.send(HttpRequest.newBuilder(app.uri("api/conversations/search?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).GET())
                .json().getJsonArray("results").getValuesAs(JsonObject.class);
    }
}
