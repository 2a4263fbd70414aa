/**
 * The {@code java -jar portagent.war} entry point. These classes (and the config package) are
 * copied to the WAR root, outside WEB-INF, so an app server never loads them; the embedded
 * Tomcat jars ride in {@code WEB-INF/lib-launcher}, which no server reads.
 * {@link io.portagent.launcher.Main} knows no Tomcat type: it parses the command line, fails
 * fast on operator errors, then starts {@link io.portagent.launcher.EmbeddedTomcat} in a class
 * loader over those jars.
 */
package io.portagent.launcher;
