package io.portagent.store;

/** An insert met a unique value that already exists; {@link #field()} says which. */
public class DuplicateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public DuplicateException(String field, String value) {
        super(field + " '" + value + "' already exists");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
