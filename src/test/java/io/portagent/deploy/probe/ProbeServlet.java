package io.portagent.deploy.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /hello}: "hello", past {@link ProbeMechanism}. {@code ?together=N} (N up to 256) holds
 * the request's thread until N such requests are inside at once (at most 30 s; then 503): when N is
 * the size of the server's request thread pool, every thread of that pool has served the probe.
 */
@WebServlet("/hello")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final AtomicInteger INSIDE = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String together = request.getParameter("together");
        if (together != null && !awaitTogether(Math.min(256, Integer.parseInt(together)))) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        response.setContentType("text/plain");
        response.getWriter().write("hello");
    }

    /** True once {@code count} requests have arrived (the counter only grows: the last ones pass at once). */
    private static boolean awaitTogether(int count) {
        INSIDE.incrementAndGet();
        long end = System.nanoTime() + 30_000_000_000L;
        while (INSIDE.get() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
