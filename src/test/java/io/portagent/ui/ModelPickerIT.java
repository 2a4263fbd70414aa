package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TwoProviders;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The composer's model picker in a real browser, with an Anthropic and an OpenAI-compatible provider. */
class ModelPickerIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI));

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    private static Select picker(Browser browser) {
        return new Select(browser.byLabel("Model"));
    }

    private static List<String> answerModels(Browser browser) {
        return browser.all(".entry.assistant .answer-model").stream().map(WebElement::getText).toList();
    }

    /**
     * The composer and the controls in it (picker, attach, input, Send) that reach past the
     * screen's right edge: the chat area clips them, so the page's own width does not show it.
     */
    private static Object outsideTheWindow(Browser browser) {
        return browser.js("return [...document.querySelectorAll('.composer, .composer > :not([hidden])')]"
                + ".filter((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
                + ".map((c) => c.className + ' ' + Math.round(c.getBoundingClientRect().right));");
    }

    /** Each answer names its model, the picker switches the next one, and both survive a reload with the tokens. */
    @Test
    void aPersonSwitchesModelsBetweenTurnsAndSeesWhichModelWroteEachAnswer() {
        switchModels(browser, "studio-model-picker");
    }

    /** The same on a 390 px phone: the picker is on screen, within the width, and nothing scrolls sideways. */
    @Test
    void onAPhoneThePickerIsUsable() {
        switchModels(phone, "mobile-model-picker");
    }

    private static void switchModels(Browser browser, String screenshot) {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        page.register();
        page.newConversation();
        assertEquals(List.of("claude-a", "qwen"), picker(browser).getOptions().stream().map(WebElement::getText).toList());
        assertEquals("claude-a", picker(browser).getFirstSelectedOption().getText());
        assertTrue((Boolean) browser.js("const r = arguments[0].getBoundingClientRect();"
                + " return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.height >= 24;",
                browser.byLabel("Model")), "the whole picker on screen, tall enough to tap");
        assertEquals(List.of(), browser.widerThanTheWindow(), "no sideways scroll");
        assertEquals(List.of(), outsideTheWindow(browser), "the composer's controls");

        app.model().enqueue(Script.text("From Claude.").usage(11, 3));
        page.send("First question");
        page.awaitAnswer("From Claude.");
        picker(browser).selectByValue("qwen");
        OPENAI.enqueue(Script.text("From Qwen.").usage(20, 5));
        page.send("Second question");
        page.awaitAnswer("From Qwen.");
        page.awaitIdle();

        assertEquals("qwen", OPENAI.lastRequest().bodyJson().getString("model"));
        assertEquals(List.of("claude-a", "qwen"), answerModels(browser));
        List<String> perTurn = List.of("14 tokens used (11 read, 3 written)", "25 tokens used (20 read, 5 written)");
        browser.until(d -> page.turnUsage().equals(perTurn) ? true : null, "each turn's tokens");

        browser.driver().navigate().refresh();
        page.awaitAnswer("From Qwen.");
        assertEquals(List.of("claude-a", "qwen"), answerModels(browser));
        browser.until(d -> page.turnUsage().equals(perTurn) ? true : null, "each turn's tokens after a reload");
        assertEquals("qwen", picker(browser).getFirstSelectedOption().getText());
        assertEquals(List.of(), browser.widerThanTheWindow(), "no sideways scroll with both answers");
        assertEquals(List.of(), outsideTheWindow(browser), "the composer's controls with both answers");
        browser.screenshot(screenshot);
    }
}
