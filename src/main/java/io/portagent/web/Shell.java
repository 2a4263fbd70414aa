package io.portagent.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The app shell, {@code index.html}, served for every UI route. Its {@code <base href="./">} is
 * rewritten to climb back to the application's root from the route's depth ({@code ../} for
 * {@code /studio/<id>}), relative so it holds whatever prefix a proxy puts in front.
 */
final class Shell {

    static final String BASE_TAG = "<base href=\"./\">";

    private final byte[] head;
    private final byte[] tail;

    Shell(ServletContext context) {
        String html = read(context);
        int at = html.indexOf(BASE_TAG);
        if (at < 0) {
            throw new IllegalStateException("index.html must contain " + BASE_TAG);
        }
        this.head = html.substring(0, at).getBytes(StandardCharsets.UTF_8);
        this.tail = html.substring(at + BASE_TAG.length()).getBytes(StandardCharsets.UTF_8);
    }

    void write(String path, String method, HttpServletResponse response) throws IOException {
        byte[] base = ("<base href=\"" + baseFor(path) + "\">").getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(head.length + base.length + tail.length);
        if ("HEAD".equals(method)) {
            return;
        }
        response.getOutputStream().write(head);
        response.getOutputStream().write(base);
        response.getOutputStream().write(tail);
    }

    /** {@code ./} at the root, one {@code ../} for each folder level below it. */
    static String baseFor(String path) {
        long depth = path.chars().filter(c -> c == '/').count() - 1;
        return depth <= 0 ? "./" : "../".repeat((int) depth);
    }

    private static String read(ServletContext context) {
        try (InputStream in = context.getResourceAsStream("/index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the web application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
