package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.AppUnderTest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What a person does on the pages, in their words: register, sign in, start a chat, send, wait. */
final class StudioPage {

    static final String PASSWORD = "secret-pass";
    /** What the sign-in page says when a token stopped working (expired, revoked, account disabled). */
    static final String EXPIRED = "Your session has expired or was revoked. Please sign in again.";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final Browser browser;
    private final URI base;

    StudioPage(Browser browser, URI base) {
        this.browser = browser;
        this.base = base;
    }

    StudioPage(Browser browser, AppUnderTest app) {
        this(browser, app.baseUri());
    }

    static String newUsername() {
        return "ui" + USERS.incrementAndGet() + "_" + System.nanoTime() % 100_000;
    }

    void open(String route) {
        browser.open(base.resolve(route));
    }

    /** The sign-in page with nothing stored: no token, no user, no one-time message. */
    void signedOut() {
        open("login");
        browser.js("localStorage.clear(); sessionStorage.clear();");
    }

    /** Registers through the form and lands in the studio. */
    String register() {
        String username = newUsername();
        open("register");
        browser.type(browser.field("Username"), username);
        browser.type(browser.field("Display Name (optional)"), "Tester " + username);
        browser.type(browser.field("Password"), PASSWORD);
        browser.type(browser.field("Confirm Password"), PASSWORD);
        browser.button("Create Account").click();
        awaitStudio();
        return username;
    }

    void login(String username) {
        login(username, PASSWORD);
        awaitStudio();
    }

    /** Fills in and submits the sign-in form; what follows is the caller's to wait for. */
    void login(String username, String password) {
        open("login");
        browser.type(browser.field("Username or Email"), username);
        browser.type(browser.field("Password"), password);
        browser.button("Sign In").click();
    }

    /** The required new-password dialog after a temporary password: fills it in and submits. */
    void chooseNewPassword(String temporary, String chosen, String confirm) {
        browser.find("dialog.password-dialog");
        browser.type(browser.field("Temporary password"), temporary);
        browser.type(browser.field("New password"), chosen);
        browser.type(browser.field("Confirm new password"), confirm);
        browser.button("Change password").click();
    }

    void awaitStudio() {
        browser.find(".topbar .sign-out");
    }

    /**
     * Clicks "New conversation" (the sidebar's, or the header's on a phone) and waits for the ready
     * composer; the conversation itself is created by the first message ({@link #conversationId()}).
     */
    void newConversation() {
        browser.until(d -> browser.all(".new-conv, .new-mobile").stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null), "a New conversation button").click();
        browser.awaitUrlEndsWith("/studio");
        browser.awaitText(".chat-title", "New conversation");
        browser.find(".composer-input");
    }

    /**
     * Shows the conversation list as a person would: on a phone it is a drawer, opened by the
     * header's ☰ button (whatever the language), and this waits until it has slid in; on a
     * desktop the list is already there.
     */
    void showConversations() {
        List<WebElement> toggle = browser.all(".topbar .menu-toggle");
        if (toggle.isEmpty() || !toggle.get(0).isDisplayed()) {
            return;
        }
        toggle.get(0).click();
        browser.until(d -> (Boolean) browser.js("const s = getComputedStyle(document.querySelector('.sidebar'));"
                + " return s.visibility === 'visible' && s.transform === 'none';") ? true : null, "the drawer open");
    }

    /** The open conversation's id, from the URL, once the first message has created it. */
    String conversationId() {
        browser.until(d -> d.getCurrentUrl().matches(".*/studio/[^/]+$") ? true : null, "a conversation URL");
        return browser.url().substring(browser.url().lastIndexOf('/') + 1);
    }

    /** Types the message and presses Enter. */
    void send(String text) {
        WebElement input = browser.find(".composer-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        browser.awaitText(".entry.user .bubble", text);
    }

    void awaitIdle() {
        browser.until(d -> "Ready".equals(badge()) && !browser.present(".entry.assistant.streaming") ? true : null,
                "status Ready");
    }

    /** The token line under each turn, oldest first. */
    List<String> turnUsage() {
        return browser.all(".entry.turn-usage").stream().map(WebElement::getText).toList();
    }

    String badge() {
        List<WebElement> badges = browser.all(".chat-head .badge");
        return badges.isEmpty() ? "" : badges.get(0).getText();
    }

    /**
     * While an answer streams: its rendered length, the badge and the send button's label, read
     * in one script (one round trip, so a loaded machine still sees the stream); null otherwise.
     */
    List<Object> streaming() {
        @SuppressWarnings("unchecked")
        List<Object> state = (List<Object>) browser.js("if (!document.querySelector('.entry.assistant.streaming'))"
                + " return null; const all = document.querySelectorAll('.entry.assistant .md');"
                + " const badge = document.querySelector('.chat-head .badge');"
                + " return [all.length ? all[all.length - 1].innerText.trim().length : 0,"
                + " badge ? badge.innerText.trim() : '', document.querySelector('.composer .send').innerText.trim()];");
        return state;
    }

    /** The text of the last assistant entry, as rendered. */
    String lastAnswer() {
        // read in one script: a streaming answer's node is replaced on every frame
        return (String) browser.js("const all = document.querySelectorAll('.entry.assistant .md');"
                + " return all.length ? all[all.length - 1].innerText.trim() : '';");
    }

    void awaitAnswer(String expected) {
        browser.until(d -> lastAnswer().equals(expected) ? true : null, "the answer '" + expected + "'");
    }

    List<String> conversationTitles() {
        return browser.all(".conv-item .conv-title").stream().filter(WebElement::isDisplayed).map(WebElement::getText)
                .toList();
    }

    void signOut() {
        browser.button("Sign Out").click();
        browser.awaitUrlEndsWith("/login");
        browser.awaitText(".notice", "You have signed out.");
        assertEquals(null, browser.localStorage("portagent_token"));
    }
}
