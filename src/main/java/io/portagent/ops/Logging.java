package io.portagent.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.portagent.config.LogLevel;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sets up logback for this web application: the console (the app server's log, or the
 * launcher's terminal) and {@code logs/portagent.log}, rotated at a size limit into
 * {@code portagent.log.1} ... {@code .7}; and the audit log's JSON lines in {@code logs/audit.log},
 * rotated the same way, apart from everything else.
 */
public final class Logging {

    public static final FileSize DEFAULT_MAX_FILE_SIZE = FileSize.valueOf("10MB");
    static final int KEPT_FILES = 7;
    // How often the file size is looked at (logback's default is a minute: a burst could overshoot far).
    private static final Duration SIZE_CHECK_INTERVAL = Duration.buildBySeconds(1);
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    private static final String AUDIT_LOGGER = io.portagent.auth.Audit.LOGGER;

    // Jersey warns through java.util.logging, once per start, that it has no jakarta.activation
    // (only needed for a DataSource entity type this API never uses). Held: JUL keeps loggers weakly.
    private static final java.util.logging.Logger JERSEY_BINDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.message.internal.MessagingBinders");

    private Logging() {
    }

    public static void configure(Path logsDir, LogLevel level) {
        configure(logsDir, level, DEFAULT_MAX_FILE_SIZE, SIZE_CHECK_INTERVAL);
    }

    static void configure(Path logsDir, LogLevel level, FileSize maxFileSize, Duration sizeCheckInterval) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JERSEY_BINDERS.setLevel(java.util.logging.Level.SEVERE);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.name()));
        root.addAppender(console(context, "System.out"));
        root.addAppender(file(context, logsDir.resolve("portagent.log"), PATTERN, maxFileSize, sizeCheckInterval));
        audit(context, logsDir, maxFileSize, sizeCheckInterval);
        // Libraries that chatter at INFO; their warnings still come through.
        context.getLogger("org.jboss.weld").setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.WARN);
        context.getLogger("org.glassfish").setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.WARN);
        // Flyway and HikariCP narrate every start; the schema migrations applied are logged by us
        context.getLogger("org.flywaydb").setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.WARN);
        // the MCP SDK logs each failure with a stack trace and each server's instructions; ours says it in one line
        context.getLogger("io.modelcontextprotocol").setLevel(level == LogLevel.DEBUG ? Level.DEBUG : Level.ERROR);
    }

    /**
     * For a command run from the WAR ({@code users ...}): warnings and errors to stderr (stdout is
     * the command's own), and its audit entries to {@code logs/audit.log} like the service's.
     */
    public static void configureCommand(Path logsDir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(context, "System.err"));
        audit(context, logsDir, DEFAULT_MAX_FILE_SIZE, SIZE_CHECK_INTERVAL);
    }

    /** The audit logger writes only to audit.log, whatever LOG_LEVEL says. */
    private static void audit(LoggerContext context, Path logsDir, FileSize max, Duration sizeCheckInterval) {
        ch.qos.logback.classic.Logger audit = context.getLogger(AUDIT_LOGGER);
        audit.setLevel(Level.INFO);
        audit.setAdditive(false);
        audit.addAppender(file(context, logsDir.resolve("audit.log"), "%msg%n", max, sizeCheckInterval));
    }

    /** Flushes and closes the log file, so an undeployed application leaves no open handle. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String target) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setTarget(target);
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder(context, PATTERN));
        appender.start();
        return appender;
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, Path path, String pattern,
            FileSize max, Duration sizeCheckInterval) {
        String file = path.toString();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(path.getFileName().toString());
        appender.setFile(file);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(max);
        trigger.setCheckIncrement(sizeCheckInterval);
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(context, pattern));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
