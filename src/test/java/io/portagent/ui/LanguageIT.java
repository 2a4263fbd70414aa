package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The UI in Simplified Chinese, in a Chromium whose language is zh-CN (--lang and
 * intl.accept_languages): the pages come from the zh-CN catalogue with {@code <html lang>} set,
 * dates and numbers in the Chinese way, a provider's refusal in Chinese by its error code; the
 * switch in Settings changes the language, is remembered in this browser, and "the browser's"
 * brings Chinese back. Takes the documentation's screenshots of both themes in both languages.
 */
class LanguageIT {

    private static final String PASSWORD = "secret-pass";

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser browser = Browser.desktopIn("zh-CN");

    @RegisterExtension
    static final Browser phone = Browser.phoneIn("zh-CN", 390, 844);

    @Test
    void aChineseBrowserGetsTheChineseUiAndTheSwitchInSettingsIsRemembered() {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        browser.driver().navigate().refresh();
        browser.find(".auth-card");
        assertEquals("zh-CN", lang(browser));
        assertEquals("欢迎使用 Portagent", browser.text(".auth-card h1"));
        browser.until(d -> "登录 · Portagent".equals(d.getTitle()) ? true : null, "the Chinese tab title");
        browser.field("用户名或邮箱");
        browser.button("登录");

        register(browser);
        assertEquals("对话", browser.text(".sidebar h2"));
        assertEquals("给 Portagent 发消息…", browser.find(".composer-input").getAttribute("placeholder"));
        assertEquals("新对话", browser.text(".chat-title"));

        app.model().enqueue(Script.text("你好！有什么可以帮你？"));
        send(browser, "你好");
        page.awaitAnswer("你好！有什么可以帮你？");
        browser.until(d -> "就绪".equals(page.badge()) ? true : null, "the status 就绪");
        browser.awaitText(".entry.turn-usage", "个令牌");
        browser.awaitText(".conv-item time", "刚刚");
        assertEquals("重新生成", browser.find(".turn-actions .regenerate").getText());

        app.model().enqueue(Script.httpError(401, "authentication_error", "invalid x-api-key"));
        send(browser, "再来一次");
        browser.awaitText(".entry.error", "模型服务拒绝了本服务的密钥");
        assertTrue(browser.text(".entry.error").startsWith("错误："), browser.text(".entry.error"));

        openSettings(browser);
        assertEquals("设置", browser.text(".settings-main h1"));
        browser.type(browser.field("密钥名称"), "脚本");
        browser.button("创建密钥").click();
        browser.awaitText(".key-item .hint", "创建于");
        String line = browser.text(".key-item .hint");
        assertTrue(line.matches(".*创建于 \\d{4}年\\d{1,2}月\\d{1,2}日 · 永不过期 · 从未使用.*"), line);
        assertEquals(List.of(), browser.consoleErrors());

        choose(browser, "en");
        browser.until(d -> "en".equals(lang(browser)) ? true : null, "the page in English");
        assertEquals("Settings", browser.text(".settings-main h1"));
        assertEquals("en", browser.localStorage("portagent_lang"));
        browser.driver().navigate().refresh();
        browser.find(".settings-card");
        assertEquals("en", lang(browser), "the choice is remembered over the browser's Chinese");
        assertEquals("English", new Select(browser.find("#language-choice")).getFirstSelectedOption().getText());
        browser.find(".topbar .header-link").click();
        awaitEnglishStudio(browser);
        browser.awaitText(".entry.error", "Invalid API key");

        openSettings(browser);
        choose(browser, "auto");
        browser.until(d -> "zh-CN".equals(lang(browser)) ? true : null, "the browser's Chinese again");
        assertEquals(null, browser.localStorage("portagent_lang"));
        assertEquals("设置", browser.text(".settings-main h1"));
    }

    /**
     * The same on a 390 px phone: the studio, its drawer and Settings in Chinese with nothing
     * wider than the screen, and the switch in Settings to English and back to the browser's.
     */
    @Test
    void onAPhoneTheChineseStudioFitsAndTheSwitchWorks() {
        StudioPage page = new StudioPage(phone, app);
        page.signedOut();
        phone.driver().navigate().refresh();
        assertEquals("欢迎使用 Portagent", phone.text(".auth-card h1"));
        assertEquals(List.of(), phone.widerThanTheWindow(), "the sign-in page");
        register(phone);
        assertEquals("给 Portagent 发消息…", phone.find(".composer-input").getAttribute("placeholder"));
        assertEquals("新对话", phone.text(".chat-title"));
        assertEquals("新对话", phone.find(".topbar .new-mobile").getAttribute("aria-label"));

        app.model().enqueue(Script.text("你好！今天想做什么？"));
        send(phone, "你好");
        page.awaitAnswer("你好！今天想做什么？");
        phone.until(d -> "就绪".equals(page.badge()) ? true : null, "the status 就绪");
        phone.awaitText(".entry.turn-usage", "个令牌");
        assertEquals(List.of(), phone.widerThanTheWindow(), "the studio");
        page.showConversations();
        assertEquals("对话", phone.text(".sidebar h2"));
        assertEquals("搜索对话", phone.find(".sidebar .search").getAttribute("placeholder"));
        phone.awaitText(".conv-item time", "刚刚");
        assertEquals(List.of(), phone.widerThanTheWindow(), "the drawer open");
        phone.screenshot("mobile-studio-zh-CN");

        openSettings(phone);
        assertEquals("设置", phone.text(".settings-main h1"));
        assertEquals(List.of(), phone.widerThanTheWindow(), "Settings");
        choose(phone, "en");
        phone.until(d -> "en".equals(lang(phone)) ? true : null, "the page in English");
        assertEquals("Settings", phone.text(".settings-main h1"));
        assertEquals(List.of(), phone.widerThanTheWindow(), "Settings in English");
        choose(phone, "auto");
        phone.until(d -> "zh-CN".equals(lang(phone)) ? true : null, "the browser's Chinese again");
        assertEquals("设置", phone.text(".settings-main h1"));
        assertEquals(List.of(), phone.consoleErrors());
    }

    /**
     * The studio in both themes and both languages, for docs/web-ui.md: into target/screenshots/,
     * and into the folder {@code -Dportagent.docs.images} names (docs/images) when given.
     */
    @Test
    void screenshotsOfBothThemesInBothLanguages() {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        register(browser);
        app.model().enqueue(Script.text("**Portagent** 可以读写你的工作区文件。\n\n```python\nprint('你好')\n```"));
        send(browser, "工作区里能做什么？");
        browser.awaitText(".entry.assistant .md", "可以读写你的工作区文件");
        browser.until(d -> "就绪".equals(page.badge()) ? true : null, "the answer done");
        for (String language : List.of("zh-CN", "en")) {
            if (language.equals("en")) {
                openSettings(browser);
                choose(browser, "en");
                browser.until(d -> "en".equals(lang(browser)) ? true : null, "English");
                browser.find(".topbar .header-link").click();
                awaitEnglishStudio(browser);
                browser.awaitText(".entry.assistant .md", "可以读写你的工作区文件");
            }
            for (String theme : List.of("light", "dark")) {
                browser.js("localStorage.setItem('portagent_theme', arguments[0]);"
                        + " document.documentElement.dataset.theme = arguments[0];", theme);
                browser.until(d -> theme.equals(browser.js("return document.documentElement.dataset.theme;")) ? true
                        : null, theme);
                publish(browser.screenshot("studio-" + language + "-" + theme));
            }
        }
        browser.js("localStorage.removeItem('portagent_theme'); localStorage.removeItem('portagent_lang');");
    }

    /** The studio in English (the list's heading is upper-cased by CSS: the search box says it). */
    private static void awaitEnglishStudio(Browser browser) {
        browser.until(d -> "Search conversations".equals(browser.find(".sidebar .search").getAttribute("placeholder"))
                ? true : null, "the English studio");
    }

    private static void publish(Path shot) {
        String docs = System.getProperty("portagent.docs.images");
        if (docs == null || docs.isBlank()) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(docs));
            Files.copy(shot, dir.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lang(Browser browser) {
        return (String) browser.js("return document.documentElement.lang;");
    }

    /** Registers through the Chinese form and waits for the studio. */
    private static void register(Browser browser) {
        browser.open(app.baseUri().resolve("register"));
        browser.type(browser.field("用户名"), StudioPage.newUsername());
        browser.type(browser.field("密码"), PASSWORD);
        browser.type(browser.field("确认密码"), PASSWORD);
        browser.button("创建账号").click();
        browser.find(".topbar .sign-out");
        browser.find(".composer-input");
    }

    private static void send(Browser browser, String text) {
        WebElement input = browser.find(".composer-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        browser.awaitText(".entry.user .bubble", text);
    }

    private static void openSettings(Browser browser) {
        browser.find(".user-menu-toggle").click();
        browser.find(".user-menu .menu-item:last-child").click();
        browser.awaitUrlEndsWith("/settings");
        browser.find("#language-choice");
    }

    /** Picks a language in Settings; the page reloads in it. */
    private static void choose(Browser browser, String value) {
        new Select(browser.find("#language-choice")).selectByValue(value);
    }
}
