package io.portagent.http.gateway;

import io.portagent.agent.Completion;
import io.portagent.agent.Completions;
import io.portagent.auth.ApiKeyUser;
import io.portagent.llm.StopReason;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /v1/chat/completions}, on the request's thread: starts the model call, reads
 * its steps as they come and answers one JSON completion, or (with {@code stream: true}) an event
 * stream of {@code chat.completion.chunk}s ending in {@code data: [DONE]}. A failure before any
 * text is an HTTP error; once the stream has begun, an {@code error} event ends it. A client
 * that goes away stops the call; either way the tokens go to the ledger and one line to the log.
 */
final class ChatCall {

    /** A backstop only: the model client gives up on a silent provider much earlier (stream_stalled). */
    private static final long STEP_WAIT_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

    private final Completions completions;
    private final ApiKeyUser user;
    private final ChatRequest chat;
    private final ChatReplies replies;

    ChatCall(Completions completions, ApiKeyUser user, ChatRequest chat) {
        this.completions = completions;
        this.user = user;
        this.chat = chat;
        this.replies = new ChatReplies(System.currentTimeMillis() / 1000, chat.request().model());
    }

    void answer(HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String outcome = "failed";
        Completion completion = completions.start(user.caller(), chat.request());
        try {
            outcome = chat.stream() ? stream(completion, response) : whole(completion, response);
        } catch (IOException e) {
            outcome = "the client went away";
            throw e;
        } catch (GatewayError e) {
            outcome = "failed: " + e.code;
            throw e;
        } finally {
            completion.close();
            LOG.info("API call of user {} (key {}) on {}{}: {}, {} + {} tokens, {} ms", user.userId(), user.keyId(),
                    chat.request().model(), chat.stream() ? ", streamed" : "", outcome, completion.inputTokens(),
                    completion.outputTokens(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private String whole(Completion completion, HttpServletResponse response) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            Completion.Step step = next(completion);
            if (step instanceof Completion.Text t) {
                text.append(t.text());
            } else if (step instanceof Completion.End end) {
                GatewayServlet.write(response, 200, replies.completion(text.toString(), end.reason(),
                        completion.inputTokens(), completion.outputTokens()));
                return "ok";
            } else if (step instanceof Completion.Failure failure) {
                throw GatewayError.of(failure.failure());
            }
        }
    }

    private String stream(Completion completion, HttpServletResponse response) throws IOException {
        Completion.Step step = next(completion);
        if (step instanceof Completion.Failure failure) { // nothing sent yet: a plain HTTP error
            throw GatewayError.of(failure.failure());
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: pass each chunk on at once
        ServletOutputStream out = response.getOutputStream();
        send(out, replies.roleChunk());
        try {
            while (true) {
                if (step instanceof Completion.Text t) {
                    send(out, replies.textChunk(t.text()));
                } else if (step instanceof Completion.End end) {
                    return finish(out, completion, end.reason());
                } else if (step instanceof Completion.Failure failure) {
                    throw GatewayError.of(failure.failure());
                }
                step = next(completion);
            }
        } catch (GatewayError e) { // the status is sent: the error goes in the stream
            send(out, e.body());
            return "failed in the stream: " + e.code;
        }
    }

    private String finish(ServletOutputStream out, Completion completion, StopReason reason) throws IOException {
        send(out, replies.finishChunk(reason));
        if (chat.includeUsage()) {
            send(out, replies.usageChunk(completion.inputTokens(), completion.outputTokens()));
        }
        line(out, "data: [DONE]\n\n");
        return "ok";
    }

    private static Completion.Step next(Completion completion) throws IOException {
        try {
            Completion.Step step = completion.next(STEP_WAIT_MILLIS);
            if (step == null) {
                throw new GatewayError(504, "api_error", "timeout", null, "The model sent nothing for too long");
            }
            return step;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the model", e);
        }
    }

    private static void send(ServletOutputStream out, JsonObject json) throws IOException {
        line(out, "data: " + json + "\n\n");
    }

    private static void line(ServletOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
