package io.portagent.deploy.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /hello}: "hello", past {@link ProbeMechanism}; {@code ?sleep=ms} (up to 2 s) holds the worker thread that long. */
@WebServlet("/hello")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sleep = request.getParameter("sleep");
        if (sleep != null) {
            try {
                Thread.sleep(Math.min(2000, Long.parseLong(sleep)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.setContentType("text/plain");
        response.getWriter().write("hello");
    }
}
