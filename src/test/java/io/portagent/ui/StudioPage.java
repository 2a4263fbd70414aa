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

    /** Clicks "New conversation" and returns the new conversation's id, from the URL. */
    String newConversation() {
        String before = browser.url();
        browser.find(".new-conv").click();
        browser.until(d -> !d.getCurrentUrl().equals(before) && d.getCurrentUrl().matches(".*/studio/[^/]+$")
                ? true : null, "a conversation URL");
        browser.find(".composer-input");
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
        browser.until(d -> "Idle".equals(badge()) && !browser.present(".entry.assistant.streaming") ? true : null,
                "status Idle");
    }

    String badge() {
        List<WebElement> badges = browser.all(".chat-head .badge");
        return badges.isEmpty() ? "" : badges.get(0).getText();
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
