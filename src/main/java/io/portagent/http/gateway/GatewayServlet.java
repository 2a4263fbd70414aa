package io.portagent.http.gateway;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.auth.ApiKeyUser;
import io.portagent.auth.ApiKeys;
import io.portagent.auth.BearerTokenMechanism;
import io.portagent.http.ApiException;
import io.portagent.http.JsonBodies;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/*}: {@code GET /v1/models}, {@code GET /v1/models/{id}} and
 * {@code POST /v1/chat/completions}. Every request needs a personal API key in
 * {@code Authorization: Bearer pak-...}; a sign-in token there, or a key anywhere else, is a 401.
 * A streamed answer holds its request thread while it lasts (see {@link ChatCall}).
 */
@WebServlet(urlPatterns = "/v1/*")
public class GatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
    /** A conversation's whole context comes in each request: far more than the API's JSON bodies. */
    static final int BODY_LIMIT = 4 * 1024 * 1024;
    private static final String BEARER = "bearer ";
    private static final String MODELS = "/models";

    @Inject
    private transient ApiKeys keys;
    @Inject
    private transient AgentRuntime runtime;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            ApiKeyUser user = authenticate(request);
            request.setAttribute(BearerTokenMechanism.USER_ID_ATTRIBUTE, user.userId());
            route(request.getMethod(), path, user, request, response);
        } catch (GatewayError e) {
            write(response, e.status, e.body());
        } catch (ApiException e) {
            write(response, e.status(), new GatewayError(e.status(), GatewayError.INVALID_REQUEST, "invalid_request",
                    null, e.getMessage()).body());
        } catch (AgentException e) {
            GatewayError error = GatewayError.of(e);
            write(response, error.status, error.body());
        } catch (RuntimeException e) {
            LOG.error("Unexpected error answering {} /v1{}", request.getMethod(), path, e);
            if (!response.isCommitted()) {
                write(response, 500, new GatewayError(500, "api_error", "internal_error", null,
                        "Internal server error").body());
            }
        }
    }

    private void route(String method, String path, ApiKeyUser user, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if ("GET".equals(method) && MODELS.equals(path)) {
            write(response, 200, ChatReplies.models(runtime.completions().models(user.caller())));
        } else if ("GET".equals(method) && path.startsWith(MODELS + "/")) {
            String id = path.substring(MODELS.length() + 1);
            write(response, 200, runtime.completions().models(user.caller()).stream().filter(m -> m.id().equals(id))
                    .findFirst().map(ChatReplies::model).orElseThrow(() -> new GatewayError(404,
                            GatewayError.INVALID_REQUEST, "model_not_found", "model", "The model '" + id
                            + "' does not exist or you may not use it")));
        } else if ("POST".equals(method) && "/chat/completions".equals(path)) {
            JsonObject body = JsonBodies.object(request.getInputStream(), BODY_LIMIT);
            ChatRequest chat = ChatRequest.parse(body, runtime.completions().defaultMaxTokens());
            new ChatCall(runtime.completions(), user, chat).answer(response);
        } else {
            throw GatewayError.unknownUrl(method, path);
        }
    }

    /** The key's owner; anything but a good key in {@code Authorization: Bearer} is a 401. */
    private ApiKeyUser authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw GatewayError.unauthorized("An API key is required: send Authorization: Bearer pak-... (make one"
                    + " with POST /api/keys)");
        }
        String credential = header.substring(BEARER.length()).strip();
        if (!ApiKeys.isKey(credential)) {
            throw GatewayError.unauthorized("This endpoint takes a personal API key (pak-...), not a sign-in token");
        }
        return keys.authenticate(credential).orElseThrow(() -> GatewayError.unauthorized(
                "Invalid API key: unknown, revoked or expired, or its account is disabled"));
    }

    static void write(HttpServletResponse response, int status, JsonObject json) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
