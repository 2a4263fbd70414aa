package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What an admin does in the console, in the console's words: find a user, create, disable, delete, invite. */
final class ConsolePage {

    private final Browser browser;
    private final StudioPage studio;

    ConsolePage(Browser browser, StudioPage studio) {
        this.browser = browser;
        this.studio = studio;
    }

    /** From the studio, through the header's Admin link. */
    void enterFromStudio() {
        studio.awaitStudio();
        browser.find(".topbar .admin-link").click();
        awaitPage("Users");
    }

    void section(String name) {
        browser.find(".admin-nav a[data-section='" + name + "']").click();
    }

    /** Waits for a console page whose heading reads {@code heading}. */
    void awaitPage(String heading) {
        browser.until(d -> texts(".admin-page h1").contains(heading) ? true : null, "the console page " + heading);
    }

    /** The texts of the matching elements, read in one script: a page re-renders them as results arrive. */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) browser.js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);",
                css);
    }

    /** Creates an account through "New user"; the temporary password shown once. */
    String createUser(String username) {
        section("users");
        awaitPage("Users");
        browser.find(".page-actions a.button").click();
        awaitPage("New user");
        browser.type(browser.field("Username"), username);
        browser.button("Create user").click();
        awaitPage("Created " + username);
        return browser.find(".secret-value").getAttribute("value");
    }

    /** Searches the users list and opens the user's page. */
    void openUser(String username) {
        section("users");
        awaitPage("Users");
        browser.type(browser.field("Search users"), username);
        browser.until(d -> usernamesListed().equals(List.of(username)) ? true : null, "only " + username + " listed");
        // the list from before the search may still be replaced: click whichever link is there now
        browser.until(d -> (Boolean) browser.js("const a = document.querySelector('.data-table .user-link');"
                + " if (!a || a.textContent !== arguments[0]) return null; a.click(); return true;", username),
                "a click on " + username);
        awaitPage(username);
    }

    List<String> usernamesListed() {
        return texts(".data-table .user-link");
    }

    /** On a user's page: presses the action and waits for the page to say it is done. */
    void act(String button, String done) {
        browser.button(button).click();
        browser.awaitText(".toast", done);
    }

    String fact(String term) {
        return browser.find(".facts").findElement(By.xpath("dt[normalize-space()='" + term + "']/following-sibling::dd[1]"))
                .getText();
    }

    /** The dialog's confirm button of the typed-name check. */
    WebElement dialogButton(String text) {
        return browser.find("dialog[open]").findElement(By.xpath(".//button[normalize-space()='" + text + "']"));
    }

    /** Makes an invite with the note through the Invites page; the code it shows. */
    String createInvite(String note) {
        section("invites");
        awaitPage("Invites");
        browser.type(browser.field("Note (optional)"), note);
        browser.button("Create invite").click();
        browser.find(".secret-value");
        return browser.find(".secret-value").getAttribute("value");
    }

    /** The audit log of one user, through their page's link: the actions listed, newest first. */
    List<String> auditActions(String username) {
        openUser(username);
        browser.find("a[href^='admin/audit?user=']").click();
        awaitPage("Audit log");
        assertEquals(username, browser.field("User").getAttribute("value"));
        return texts(".data-table td[data-label='Action']");
    }
}
