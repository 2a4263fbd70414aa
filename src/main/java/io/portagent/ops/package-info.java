/**
 * Operations: the banner and configuration summary, logging set-up, the access log, and
 * {@code /health}. The start-up sequence that uses them is {@code app.Lifecycle}.
 */
package io.portagent.ops;
