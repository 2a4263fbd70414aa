package io.portagent.http;

import io.portagent.auth.AuthException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions to {@code {"error": ...}} answers; the stack trace goes to the log, never to the client. */
public final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message)).build();
    }

    /** Refusals with a sentence of their own. */
    @Provider
    public static class Refusal implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(e.getMessage()));
            e.headers().forEach(response::header);
            return response.build();
        }
    }

    /** JAX-RS's own failures (404, 405, 415...) keep their status with a short sentence. */
    @Provider
    public static class WebFailure implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            return error(original.getStatus(), original.getStatusInfo().getReasonPhrase());
        }
    }

    /**
     * Refusals of accounts, each reason with its status. A full disk is 503 with a hint to retry,
     * and not logged here: the database logs it once for the operator.
     */
    @Provider
    public static class AuthFailure implements ExceptionMapper<AuthException> {
        static final long DISK_FULL_RETRY_AFTER_SECONDS = 60;

        @Override
        public Response toResponse(AuthException e) {
            Response.ResponseBuilder response = Response.status(status(e.reason()))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(e.getMessage()));
            retryAfterSeconds(e).ifPresent(seconds -> response.header("Retry-After", String.valueOf(seconds)));
            return response.build();
        }

        private static Optional<Long> retryAfterSeconds(AuthException e) {
            return e.reason() == AuthException.Reason.STORAGE_FULL ? Optional.of(DISK_FULL_RETRY_AFTER_SECONDS)
                    : e.retryAfter().map(Duration::toSeconds);
        }

        private static int status(AuthException.Reason reason) {
            return switch (reason) {
                case INVALID_INPUT -> 400;
                case BAD_CREDENTIALS -> 401;
                case THROTTLED -> 429;
                case STORAGE_FULL -> 503;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case FORBIDDEN -> 403;
                case UNAVAILABLE -> 503;
            };
        }
    }

    /** Anything else is a bug or an outage: 500, logged with its trace. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.error("Unexpected error answering a request", e);
            return error(500, "Internal server error");
        }
    }
}
