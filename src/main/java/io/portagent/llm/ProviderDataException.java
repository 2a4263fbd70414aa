package io.portagent.llm;

import java.io.IOException;

/** The stream carried an event this client cannot read, e.g. invalid JSON in a {@code data:} line. */
public final class ProviderDataException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProviderDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
