package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Attachments in Chromium, on a desktop and on a 390 px phone: a large image by the button
 * (uploaded), a PDF dropped and a text file pasted (both inline), what the model received, the
 * thumbnails before and after a reload, and the sentences for a refused type and for bytes that
 * are not what the name says.
 */
class AttachmentsUiIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @RegisterExtension
    static final Browser desktop = Browser.desktop();

    @RegisterExtension
    static final Browser phone = Browser.phone(390, 844);

    static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** A noisy 160 x 160 PNG: over the UI's inline size, so it goes through the upload endpoint. */
    static Path bigPng() throws IOException {
        BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path file = Files.createTempDirectory(Path.of("").toAbsolutePath(), "attach").resolve("photo.png");
        ImageIO.write(image, "png", file.toFile());
        assertTrue(Files.size(file) > 48 * 1024, "bigger than what goes inline");
        return file;
    }

    private static final String DROP_OR_PASTE = "const [how, name, type, b64] = arguments;"
            + " const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));"
            + " const dt = new DataTransfer(); dt.items.add(new File([bytes], name, { type }));"
            + " if (how === 'drop') { const t = document.querySelector('.chat');"
            + "   t.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));"
            + "   t.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })); }"
            + " else document.querySelector('.composer-input').dispatchEvent(new ClipboardEvent('paste',"
            + "   { clipboardData: dt, bubbles: true, cancelable: true }));";

    private static void give(Browser browser, String how, String name, String type, byte[] bytes) {
        browser.js(DROP_OR_PASTE, how, name, type, Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void onADesktop() throws IOException {
        attachments(desktop, "desktop");
    }

    @Test
    void onAPhone() throws IOException {
        attachments(phone, "phone");
    }

    private void attachments(Browser browser, String name) throws IOException {
        StudioPage page = new StudioPage(browser, app);
        page.signedOut();
        page.register();
        page.newConversation();

        Path png = bigPng();
        browser.find(".composer .attach");
        WebElement input = browser.driver().findElement(By.cssSelector(".composer input[type=file]"));
        browser.js("arguments[0].hidden = false;", input);
        input.sendKeys(png.toString());
        give(browser, "drop", "paper.pdf", "application/pdf", PDF);
        give(browser, "paste", "notes.md", "", "# Notes\nsee the photo".getBytes(StandardCharsets.UTF_8));
        browser.until(d -> browser.all(".attachment-tray .attachment-chip").size() == 3 ? true : null, "three chips");
        assertEquals(List.of("photo.png", "paper.pdf", "notes.md"), browser.all(".attachment-tray .attachment-name")
                .stream().map(WebElement::getText).toList());
        browser.screenshot(name + "-attachments-tray");

        app.model().enqueue(Script.text("A photo, a paper and notes."));
        page.send("What are these?");
        page.awaitAnswer("A photo, a paper and notes.");
        page.awaitIdle();
        JsonArray messages = app.model().lastRequest().bodyJson().getJsonArray("messages");
        JsonArray blocks = messages.getJsonObject(messages.size() - 1).getJsonArray("content");
        assertEquals(List.of("image", "document", "document", "text"), blocks.stream()
                .map(b -> b.asJsonObject().getString("type")).toList(), blocks.toString().substring(0, 200));
        JsonObject image = blocks.getJsonObject(0).getJsonObject("source");
        assertEquals(Base64.getEncoder().encodeToString(Files.readAllBytes(png)), image.getString("data"));
        assertEquals("# Notes\nsee the photo", blocks.getJsonObject(2).getJsonObject("source").getString("data"));
        assertTrue(browser.all(".attachment-tray .attachment-chip").isEmpty(), "the tray is emptied by the send");

        awaitThumbnails(browser);
        browser.screenshot(name + "-attachments-sent");
        browser.driver().navigate().refresh();
        page.awaitAnswer("A photo, a paper and notes.");
        awaitThumbnails(browser);

        give(browser, "drop", "setup.exe", "application/x-msdownload", new byte[] {'M', 'Z', 0});
        browser.awaitText(".composer-error", "\"setup.exe\" cannot be attached: only images (PNG, JPEG, GIF, WebP),"
                + " PDF and text files (.txt, .md, .csv).");
        give(browser, "paste", "cat.png", "image/png", PDF);
        browser.find(".composer .send").click();
        browser.awaitText(".composer-error", "\"cat.png\" is not a PNG file: its content does not match the declared"
                + " type image/png.");
        assertEquals(1, browser.all(".entry.user").size(), "the refused send stored nothing");
    }

    /** The sent message shows the image as a loaded thumbnail and the other two as named chips. */
    private static void awaitThumbnails(Browser browser) {
        browser.until(d -> Boolean.TRUE.equals(browser.js("const img = document.querySelector("
                + "'.entry.user .message-attachments img.attachment-thumb');"
                + " return !!img && img.complete && img.naturalWidth === 160;")) ? true : null, "a loaded thumbnail");
        assertEquals("photo.png", browser.find(".entry.user .attachment-thumb").getAttribute("alt"));
        assertEquals(List.of("paper.pdf", "notes.md"), browser.all(".entry.user .message-attachments .attachment-name")
                .stream().map(WebElement::getText).toList());
    }
}
