/**
 * The JAX-RS wiring: the Jersey application under {@code /api}, the JSON error body and the
 * mappers that turn every failure into {@code {"error": "..."}} without a stack trace.
 */
package io.portagent.http;
