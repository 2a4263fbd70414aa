package io.portagent.http;

import java.util.Map;

/** A request the API refuses: the HTTP status, the sentence for {@code {"error": ...}}, and any headers. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
