package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    private static Select picker() {
        return new Select(browser.byLabel("Model"));
    }

    private static List<String> answerModels() {
        return browser.all(".entry.assistant .answer-model").stream().map(WebElement::getText).toList();
    }

    /** Each answer names its model, the picker switches the next one, and both survive a reload with the tokens. */
    @Test
    void aPersonSwitchesModelsBetweenTurnsAndSeesWhichModelWroteEachAnswer() {
        StudioPage page = new StudioPage(browser, app);
        page.register();
        page.newConversation();
        assertEquals(List.of("claude-a", "qwen"), picker().getOptions().stream().map(WebElement::getText).toList());
        assertEquals("claude-a", picker().getFirstSelectedOption().getText());

        app.model().enqueue(Script.text("From Claude.").usage(11, 3));
        page.send("First question");
        page.awaitAnswer("From Claude.");
        picker().selectByValue("qwen");
        OPENAI.enqueue(Script.text("From Qwen.").usage(20, 5));
        page.send("Second question");
        page.awaitAnswer("From Qwen.");
        page.awaitIdle();

        assertEquals("qwen", OPENAI.lastRequest().bodyJson().getString("model"));
        assertEquals(List.of("claude-a", "qwen"), answerModels());
        List<String> perTurn = List.of("14 tokens used (11 read, 3 written)", "25 tokens used (20 read, 5 written)");
        browser.until(d -> page.turnUsage().equals(perTurn) ? true : null, "each turn's tokens");

        browser.driver().navigate().refresh();
        page.awaitAnswer("From Qwen.");
        assertEquals(List.of("claude-a", "qwen"), answerModels());
        browser.until(d -> page.turnUsage().equals(perTurn) ? true : null, "each turn's tokens after a reload");
        assertEquals("qwen", picker().getFirstSelectedOption().getText());
        browser.screenshot("studio-model-picker");
    }
}
