package io.portagent.http;

/** Every HTTP error answer: {@code {"error": "<sentence>"}}. */
public record ErrorBody(String error) {
}
