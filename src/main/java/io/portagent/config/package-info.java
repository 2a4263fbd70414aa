/**
 * Configuration: the table of keys ({@link io.portagent.config.ConfigKey}), the sources they are
 * read from in precedence order, and the immutable {@link io.portagent.config.Settings} resolved
 * once at start-up. Plain Java with no container dependency: the launcher uses the same classes
 * (copied to the WAR root) to fail fast before it starts Tomcat.
 */
package io.portagent.config;
