package io.portagent.tools;

/** A call the tool refuses or cannot do, with a sentence the model can read and act on. */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolException(String sentence) {
        super(sentence);
    }
}
