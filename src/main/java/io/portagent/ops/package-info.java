/**
 * Operations: the start-up sequence and shutdown, the banner and configuration summary, logging
 * set-up, the access log, and {@code /health}.
 */
package io.portagent.ops;
