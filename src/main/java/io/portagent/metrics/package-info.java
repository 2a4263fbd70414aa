/**
 * Metrics for Prometheus: one Micrometer registry ({@link io.portagent.metrics.Metrics}) and
 * the recorders the lower floors report to through their own small interfaces
 * ({@code agent.TurnObserver}, {@code llm.LlmObserver}) or counters they keep (logins, slow
 * sockets, database commits), the JVM's and Tomcat's thread pools, and the providers' key checks.
 * {@code ops.MetricsServlet} serves the text; {@code app.Components} wires the parts.
 */
package io.portagent.metrics;
