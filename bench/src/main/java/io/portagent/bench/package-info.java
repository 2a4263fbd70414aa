/**
 * The load benchmark (issue #9, {@code bench/run}): the server under test as its own process
 * ({@link io.portagent.bench.ServerProcess}), a fake model that stamps each delta
 * ({@link io.portagent.bench.StampedLlm}), the readers that measure through the portal and
 * directly ({@link io.portagent.bench.PortalUser}, {@link io.portagent.bench.DirectReader}), the
 * scenarios, and the report. Compiled with the tests; not part of the WAR.
 */
package io.portagent.bench;
