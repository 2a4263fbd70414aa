package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * axe-core on every screen a person sees — sign-in, registration, the studio with a conversation
 * holding Markdown, a tool card (closed and open) and an error card, the sidebar's search with a
 * hit, Settings — in both themes and both languages, on a desktop and a 390 px phone: no serious
 * and no critical violation. No rule is turned off. The counts per impact are printed. Also what
 * axe cannot see: every element the keyboard reaches in the studio shows a focus ring.
 */
class AccessibilityIT {

    private static final List<String> LANGUAGES = List.of("en", "zh-CN");
    private static final List<String> THEMES = List.of("light", "dark");

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @Test
    void onADesktopNoScreenHasASeriousViolation() {
        everyScreen(desktop, "desktop");
    }

    @Test
    void onAPhoneNoScreenHasASeriousViolation() {
        everyScreen(phone, "phone");
    }

    private static void everyScreen(Browser browser, String device) {
        Axe axe = new Axe();
        List<String> unringed = new ArrayList<>();
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        for (String language : LANGUAGES) {
            for (String theme : THEMES) {
                String as = device + " " + language + " " + theme;
                show(browser, page, "login", language, theme);
                browser.find(".auth-card form");
                axe.check(browser, as + " sign-in");
                show(browser, page, "register", language, theme);
                browser.find(".auth-card form");
                axe.check(browser, as + " registration");
            }
        }
        show(browser, page, "login", "en", "light");
        page.register();
        String conversation = conversation(browser, page);
        for (String language : LANGUAGES) {
            for (String theme : THEMES) {
                String as = device + " " + language + " " + theme;
                show(browser, page, "studio/" + conversation, language, theme);
                awaitConversation(browser);
                axe.check(browser, as + " studio");
                unringed.addAll(focusWithoutARing(browser, as + " studio"));
                browser.find("details.entry.tool summary").click();
                browser.find(".tool-output");
                axe.check(browser, as + " studio, tool card open");
                searchWithAHit(browser);
                axe.check(browser, as + " sidebar search");
                show(browser, page, "settings", language, theme);
                browser.find(".settings-main h1");
                axe.check(browser, as + " settings");
            }
        }
        System.out.println(axe.report());
        assertEquals(List.of(), axe.blocking(), axe.report());
        assertEquals(List.of(), unringed, "every element Tab reaches shows that it has the focus");
    }

    /**
     * Tabs through the first stops of the page (the skip link, the header, the list, the transcript,
     * the composer) and names each focused element that shows no focus ring (outline or shadow).
     */
    private static List<String> focusWithoutARing(Browser browser, String screen) {
        browser.js("if (document.activeElement) document.activeElement.blur();");
        List<String> unringed = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            String missing = (String) browser.js("const e = document.activeElement; if (!e || e === document.body)"
                    + " return null; const s = getComputedStyle(e);"
                    + " const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)"
                    + " || s.boxShadow !== 'none';"
                    + " return ring ? null : e.tagName + '.' + e.className + ' '"
                    + " + (e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30));");
            if (missing != null) {
                unringed.add(screen + ": " + missing);
            }
        }
        return unringed;
    }

    /** A conversation with a Markdown answer (heading, list, table, code), a tool card, an error card. */
    private static String conversation(Browser browser, StudioPage page) {
        app.model().enqueue(Script.toolUse("toolu_a11y", "write_file", "{\"path\": \"notes.txt\",",
                " \"content\": \"hello\"}"), Script.text("## Saved\n\n- **notes.txt** written\n- [docs](https://example.org)\n\n",
                "| Name | Size |\n|---|---|\n| notes.txt | 5 |\n\n", "```java\nclass A { int b = 1; }\n```\n\nA `code` word."));
        page.send("Save my notes about the purple elephant");
        page.awaitIdle();
        app.model().enqueue(Script.httpError(401, "authentication_error", "invalid x-api-key"));
        page.send("And again");
        browser.find(".entry.error");
        browser.until(d -> "Something went wrong".equals(page.badge()) ? true : null, "the error status");
        return page.conversationId();
    }

    /** Chooses language and theme the way Settings stores them, then opens {@code route}. */
    private static void show(Browser browser, StudioPage page, String route, String language, String theme) {
        browser.js("localStorage.setItem('portagent_lang', arguments[0]);"
                + " localStorage.setItem('portagent_theme', arguments[1]);", language, theme);
        page.open(route);
        browser.until(d -> language.equals(browser.js("return document.documentElement.lang;"))
                && theme.equals(browser.js("return document.documentElement.dataset.theme;")) ? true : null,
                route + " in " + language + ", " + theme);
    }

    /** The conversation shown, in a transcript that screen readers follow as it streams (a polite live log). */
    private static void awaitConversation(Browser browser) {
        browser.find(".entry.assistant .md table");
        browser.find("details.entry.tool");
        browser.find(".entry.error");
        assertEquals("log", browser.find(".transcript").getAttribute("role"));
        assertEquals("polite", browser.find(".transcript").getAttribute("aria-live"));
        assertEquals(true, browser.js("return document.querySelector('.transcript').contains("
                + "document.querySelector('.entry.assistant .md'));"), "the answers are inside the live region");
    }

    /** Types in the sidebar's search (opening the phone's drawer first) until a message hit is marked. */
    private static void searchWithAHit(Browser browser) {
        browser.all(".menu-toggle").stream().filter(e -> e.isDisplayed()).findFirst().ifPresent(e -> e.click());
        browser.type(browser.find(".sidebar .search"), "purple eleph");
        browser.find(".conv-hit mark");
    }
}
