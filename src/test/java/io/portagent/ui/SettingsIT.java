package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The settings page in Chromium (desktop and a 390 px phone): profile through PATCH api/auth/me,
 * personal API keys made, used and deleted; and the dark theme: it follows the system, a choice
 * overrides it and is remembered, and both themes meet WCAG AA contrast, measured on the
 * computed colours of the studio's text.
 */
class SettingsIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    @Test
    void onADesktop() {
        settings(desktop, "desktop");
    }

    @Test
    void onAPhone() {
        settings(phone, "phone");
    }

    private void settings(Browser browser, String name) {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        String username = page.register();
        browser.find(".user-menu-toggle").click();
        browser.button("Settings").click();
        browser.awaitUrlEndsWith("/settings");
        browser.until(d -> "Settings".equals(d.getTitle()) ? true : null, "the tab titled Settings");

        browser.type(browser.field("Display name"), "Ada L");
        browser.type(browser.field("Email"), "not-an-email");
        browser.button("Save profile").click();
        browser.awaitText(".form-error", "Invalid email format");
        browser.type(browser.field("Email"), username + "@example.org");
        browser.type(browser.field("Avatar (an image address, or up to two characters)"), "AL");
        browser.button("Save profile").click();
        browser.awaitText(".settings-card .notice", "Saved.");
        String token = browser.localStorage("portagent_token");
        JsonObject user = Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()).json().getJsonObject("user");
        assertEquals("Ada L", user.getString("displayName"));
        assertEquals(username + "@example.org", user.getString("email"));
        assertEquals("AL", user.getString("avatar"));

        browser.type(browser.field("Key name"), "my script");
        browser.button("Create key").click();
        String key = browser.find(".new-key .secret-value").getAttribute("value");
        assertTrue(key.startsWith("pak-"), key);
        browser.awaitText(".key-item .key-name", "my script");
        browser.screenshot(name + "-settings");
        assertEquals(200, models(key), "the key works");
        browser.byLabel("Delete key my script").click();
        browser.awaitGone(".key-item");
        assertEquals(401, models(key), "a deleted key is refused");

        Path downloads = TestFiles.tempDir("portagent-downloads");
        browser.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        browser.button("Download all my conversations (ZIP)").click();
        Path zip = browser.until(d -> zipIn(downloads), "the ZIP downloaded");
        assertTrue(zip.getFileName().toString().startsWith("portagent-" + username), zip.toString());

        browser.find(".topbar .header-link").click();
        browser.awaitUrlEndsWith("/studio");
        browser.find(".composer-input");

        Path export = TestFiles.tempDir("portagent-import").resolve("saved.json");
        writeExport(export);
        browser.find(".user-menu-toggle").click();
        browser.button("Settings").click();
        browser.find(".settings-card");
        browser.until(d -> browser.all("input[type=file]").stream().findFirst().orElse(null), "the import field")
                .sendKeys(export.toString());
        browser.until(d -> d.getCurrentUrl().matches(".*/studio/[^/]+$") ? true : null, "the imported conversation");
        browser.awaitText(".entry.user .bubble", "Imported question");
        page.awaitAnswer("Imported answer.");
        browser.awaitText(".chat-title", "Saved chat");
    }

    /** A finished .zip download in {@code dir} (not Chrome's .crdownload), or null. */
    private static Path zipIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeExport(Path file) {
        try {
            Files.writeString(file, "{\"format\":\"portagent-conversation\",\"version\":1,\"conversation\":"
                    + "{\"name\":\"Saved chat\",\"systemPrompt\":null,\"model\":null},\"messages\":["
                    + "{\"role\":\"user\",\"subtype\":\"user\",\"content\":\"Imported question\",\"timestamp\":1},"
                    + "{\"role\":\"assistant\",\"subtype\":\"assistant\",\"content\":\"Imported answer.\","
                    + "\"timestamp\":2}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int models(String key) {
        return Http.send(HttpRequest.newBuilder(app.uri("v1/models")).header("Authorization", "Bearer " + key).GET())
                .status();
    }

    /** System dark, then a remembered choice of light, then back to the system; AA contrast in both themes. */
    @Test
    void darkModeFollowsTheSystemAChoiceOverridesItAndBothThemesAreReadable() {
        StudioPage page = new StudioPage(desktop, app);
        page.signedOut();
        page.register();
        app.model().enqueue(Script.text("A readable answer with `code`."));
        page.send("Hello");
        page.awaitIdle();
        app.model().enqueue(Script.httpError(401, "authentication_error", "invalid x-api-key"));
        page.send("Again");
        desktop.awaitText(".entry.error", "Invalid API key");
        desktop.until(d -> "Something went wrong".equals(page.badge()) ? true : null, "the turn over");
        assertEquals("light", theme());
        assertEquals(List.of(), lowContrast(), "light theme");
        desktop.screenshot("studio-light");

        desktop.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        desktop.until(d -> "dark".equals(theme()) ? true : null, "the dark theme from the system");
        assertEquals(List.of(), lowContrast(), "dark theme");
        desktop.screenshot("studio-dark");

        desktop.find(".user-menu-toggle").click();
        desktop.button("Settings").click();
        desktop.find("input[name=theme][value=light]").click();
        assertEquals("light", theme());
        desktop.driver().navigate().refresh();
        desktop.find(".settings-card");
        assertEquals("light", theme(), "the choice is remembered over the system's dark");
        assertEquals(List.of(), lowContrast(), "settings page, light");
        desktop.find("input[name=theme][value=system]").click();
        assertEquals("dark", theme());
        assertEquals(List.of(), lowContrast(), "settings page, dark");
        desktop.screenshot("settings-dark");
        desktop.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    private String theme() {
        return (String) desktop.js("return document.documentElement.dataset.theme;");
    }

    /**
     * Every visible text element of the page whose colour on its effective background is under
     * 4.5:1 (WCAG 2 AA for normal text), as "selector text: ratio".
     */
    @SuppressWarnings("unchecked")
    private List<String> lowContrast() {
        return (List<String>) desktop.js("""
                const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
                  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
                const background = (el) => {
                  for (let e = el; e; e = e.parentElement) {
                    const c = rgba(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
                  }
                  return rgba(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
                };
                const out = [];
                const texts = [...document.querySelectorAll('body *')].filter((el) => [...el.childNodes]
                  .some((n) => n.nodeType === 3 && n.textContent.trim()));
                for (const el of texts) {
                  const box = el.getBoundingClientRect();
                  const style = getComputedStyle(el);
                  if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('[hidden]')
                      || el.closest('.skip-link') || el.closest('.offscreen') || el.closest('[aria-hidden=true]')) continue;
                  const fg = rgba(style.color);
                  if (fg.length === 4 && fg[3] < 0.5) continue;
                  const a = lum(fg.slice(0, 3)); const b = lum(background(el));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  if (ratio < 4.5) out.push(el.tagName.toLowerCase() + '.' + el.className + ' "'
                    + el.textContent.trim().slice(0, 30) + '": ' + ratio.toFixed(2));
                }
                return out;
                """);
    }
}
