package io.portagent.config;

/**
 * The names the launcher and the web application share: the launcher passes its command line as
 * init-params and reads a failed start-up's sentence back from a context attribute. Both sides
 * see this class (the launcher runs outside the WAR's class loader, the application inside).
 */
public final class LauncherContract {

    /** Context attribute holding the start-up error line, read by the launcher. */
    public static final String STARTUP_ERROR = "io.portagent.startupError";
    /** Init-param prefix the launcher uses to pass command-line values (highest precedence). */
    public static final String CLI_PREFIX = "portagent.cli.";
    /** Init-param set by the launcher so the summary can show its port. */
    public static final String LAUNCHER_FLAG = "portagent.launcher";
    /** The commands the launcher hands to the application, in a class loader over the WAR's classes. */
    public static final java.util.Set<String> APP_COMMANDS = java.util.Set.of("diagnose", "users", "migrate");
    /** The application's entry for those commands: {@code static int run(String, List<String>, PrintStream, PrintStream)}. */
    public static final String APP_COMMANDS_CLASS = "io.portagent.app.Commands";
    /** Exit code of a command that failed (or a start-up that did). */
    public static final int FAILED = 1;
    /** Exit code of a command line that cannot be used. */
    public static final int USAGE = 2;

    private LauncherContract() {
    }
}
