package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The app under a context path ({@code /portagent/}), reached through a TCP relay that can cut
 * connections: relative URLs, deep links, the WebSocket URL, reconnect with replay, the headers,
 * and what a first visit costs in bytes.
 */
class ContextPathIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().contextPath("/portagent"));

    @RegisterExtension
    static final Browser browser = Browser.desktop();

    private static TcpProxy proxy;
    private static URI front;

    @BeforeAll
    static void relay() throws IOException {
        proxy = TcpProxy.to(app.baseUri());
        front = proxy.front(app.baseUri());
    }

    @AfterAll
    static void stopRelay() {
        proxy.close();
    }

    /** UI routes get the shell with a base that climbs back to the context root; the rest is untouched. */
    @Test
    void uiRoutesServeTheShellAndEverythingElsePassesThrough() {
        assertTrue(app.baseUri().getPath().equals("/portagent/"));
        Map<String, String> bases = Map.of("", "./", "login", "./", "register", "./", "studio", "./",
                "studio/abc-123", "../", "no/such/page", "../../");
        bases.forEach((route, base) -> {
            Http.Reply shell = Http.get(app.uri(route));
            assertEquals(200, shell.status(), route);
            assertTrue(shell.header("Content-Type").startsWith("text/html"), route);
            assertTrue(shell.body().contains("<base href=\"" + base + "\">"), route + " -> " + base);
            assertEquals("no-cache", shell.header("Cache-Control"));
        });
        assertTrue(Http.get(app.uri("api/auth/config")).header("Content-Type").startsWith("application/json"));
        assertTrue(Http.get(app.uri("health")).body().contains("\"status\""));
        assertEquals(404, Http.get(app.uri("assets/js/missing.js")).status());
        assertEquals(404, Http.get(app.uri("favicon.ico")).status());
        Http.Reply module = Http.get(app.uri("assets/js/app.js"));
        assertEquals(200, module.status());
        assertTrue(module.header("Content-Type").startsWith("text/javascript"));
    }

    /** CSP without inline script, ws: of the same host, no framing, no sniffing, on pages and APIs alike. */
    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("login", "assets/js/app.js", "api/auth/config", "health")) {
            Http.Reply reply = Http.get(app.uri(path));
            String csp = reply.header("Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self';"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertTrue(csp.contains("ws://127.0.0.1:" + app.baseUri().getPort()), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), path);
            assertEquals("DENY", reply.header("X-Frame-Options"), path);
            assertEquals("same-origin", reply.header("Referrer-Policy"), path);
        }
    }

    /** Every library file the UI names (assets/js/vendor.js) is in the WAR, from its WebJar. */
    @Test
    void theLibrariesTheUiNamesAreServedFromWebJars() {
        String vendor = Http.get(app.uri("assets/js/vendor.js")).body();
        Matcher paths = Pattern.compile("'(webjars/[^']+)'").matcher(vendor);
        int found = 0;
        while (paths.find()) {
            Http.Reply file = Http.get(app.uri(paths.group(1)));
            assertEquals(200, file.status(), paths.group(1));
            assertTrue(file.header("Cache-Control").contains("immutable"));
            found++;
        }
        assertEquals(4, found);
    }

    /** Register and chat under /portagent/, deep-link a conversation, and count a first visit's bytes. */
    @Test
    void theAppWorksUnderTheContextPathAndDeepLinks() throws IOException {
        StudioPage page = new StudioPage(browser, front);
        page.open("login");
        browser.js("localStorage.clear(); sessionStorage.clear();");
        long loginBytes = transferred("login", ".auth-form");
        page.register();
        page.newConversation();
        app.model().enqueue(Script.text("Served ", "under ", "a ", "sub-path.\n\n```js\nlet ok = true;\n```"));
        page.send("Hello from /portagent/");
        String imageId = page.conversationId();
        assertTrue(browser.url().startsWith(front + "studio/"), browser.url());
        page.awaitIdle();
        browser.find(".code-block code.hljs");
        long studioBytes = transferred("studio/" + imageId, ".code-block code.hljs");
        browser.awaitText(".entry.user .bubble", "Hello from /portagent/");
        browser.screenshot("context-path-deep-link");
        long emptyStudio = transferred("studio", ".entry.user .bubble");
        Files.writeString(Browser.screenshotDir().resolve("transfer.txt"), "first visit, cache disabled, bytes"
                + " on the wire (headers included, no compression)\n/login " + loginBytes + "\n/studio " + emptyStudio
                + "\n/studio/<id> with a highlighted code block " + studioBytes + "\n");
        assertTrue(loginBytes < 120_000, "login page weight " + loginBytes);
    }

    /** Loads the route with the cache disabled and adds up the bytes transferred (page and all resources). */
    private long transferred(String route, String settledWhen) {
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        browser.driver().navigate().to(front.resolve(route).toString());
        browser.find(settledWhen);
        browser.until(d -> browser.js("return document.readyState").equals("complete") ? true : null, "load");
        // settle: lazily loaded libraries arrive just after the page is interactive
        browser.until(d -> (Boolean) browser.js("const n = performance.getEntriesByType('resource').length;"
                + " const same = window.__n === n; window.__n = n; return same;") ? true : null, "resources settled");
        Number total = (Number) browser.js("return performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource')).reduce((s, e) => s + e.transferSize, 0);");
        System.out.println(route + " resources: " + browser.js("return performance.getEntriesByType('resource')"
                + ".map(e => e.name.replace(location.origin, '') + ' ' + e.transferSize).join(' | ');"));
        chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        chrome.executeCdpCommand("Network.disable", Map.of());
        return total.longValue();
    }

    /** The relay cuts the socket mid-answer: "Reconnecting…", then the answer completes once, without gaps. */
    @Test
    void aDroppedConnectionReconnectsAndTheAnswerCompletesExactlyOnce() {
        StudioPage page = new StudioPage(browser, front);
        page.open("login");
        browser.js("localStorage.clear(); sessionStorage.clear();");
        page.register();
        page.newConversation();
        String[] words = new String[60];
        Arrays.setAll(words, i -> "w" + i + " ");
        app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(60)));
        page.send("Keep going");
        browser.until(d -> page.lastAnswer().contains("w8") ? true : null, "the first words");
        proxy.refuse(true);
        proxy.dropAll();
        browser.find(".banner");
        browser.awaitText(".banner", "Reconnecting…");
        browser.screenshot("reconnecting-banner");
        browser.until(d -> page.lastAnswer().contains("w8") ? true : null, "the partial answer kept");
        proxy.refuse(false);
        page.awaitAnswer(String.join("", words).strip());
        page.awaitIdle();
        assertEquals(1, browser.all(".entry.assistant").size(), "one answer, not a second copy");
        assertTrue(browser.all(".banner").stream().noneMatch(b -> b.isDisplayed()), "banner gone");
        browser.driver().navigate().refresh();
        page.awaitAnswer(String.join("", words).strip());
    }

    /** A token the server no longer accepts sends the person to the login page, saying why. */
    @Test
    void anInvalidTokenReturnsToLoginWithAMessage() {
        StudioPage page = new StudioPage(browser, front);
        page.open("login");
        browser.js("localStorage.setItem('portagent_token', 'not-a-valid-token');"
                + " localStorage.setItem('portagent_user', '{\"username\":\"ghost\"}');");
        page.open("studio");
        browser.awaitUrlEndsWith("/portagent/login");
        browser.awaitText(".notice", "Your session has expired or was revoked. Please sign in again.");
        assertEquals(null, browser.localStorage("portagent_token"));
        browser.screenshot("login-session-expired");
    }
}
