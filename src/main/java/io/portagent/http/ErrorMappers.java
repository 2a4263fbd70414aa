package io.portagent.http;

import io.portagent.store.DiskFullException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
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
     * A full disk: 503 with the sentence users get everywhere, and a hint to retry. Not logged
     * here; the database logs it once for the operator.
     */
    @Provider
    public static class DiskFull implements ExceptionMapper<DiskFullException> {
        static final String RETRY_AFTER_SECONDS = "60";

        @Override
        public Response toResponse(DiskFullException e) {
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(DiskFullException.USER_MESSAGE)).header("Retry-After", RETRY_AFTER_SECONDS)
                    .build();
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
