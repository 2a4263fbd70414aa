/**
 * The reliability and security suite: the service as {@code java -jar} processes attacked the way
 * the worst day would, each part recording its figures in {@code target/reliability/report.json}
 * and {@code report.md} ({@link io.portagent.reliability.Report}). {@code mvn verify} runs the
 * short counts; {@code mvn -Preliability verify} the full ones ({@link io.portagent.reliability.Reliability}).
 */
package io.portagent.reliability;
