/**
 * The {@code java -jar portagent.war} entry point, a thin loader. These classes (and the config
 * package) are copied to the WAR root, outside WEB-INF, so an app server never loads them; the
 * embedded Tomcat jars ride in {@code WEB-INF/lib-launcher}, which no server reads.
 * {@link io.portagent.launcher.Main} knows no Tomcat type: it parses the command line, fails
 * fast on operator errors, then starts {@link io.portagent.launcher.EmbeddedTomcat} in a class
 * loader over those jars. Commands that need the application (diagnose, and later ones) run in
 * a class loader over the WAR's own classes ({@link io.portagent.launcher.AppCommands}); backup
 * and restore need only the SQLite driver and stay here.
 */
package io.portagent.launcher;
