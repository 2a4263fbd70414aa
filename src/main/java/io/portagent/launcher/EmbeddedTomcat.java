package io.portagent.launcher;

import io.portagent.config.LauncherContract;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Serves the WAR at the root context of an embedded Tomcat 11 and blocks until shutdown
 * (SIGTERM or Ctrl-C stop Tomcat cleanly, which closes the databases). Loaded only by the
 * launcher's class loader; it prints its own errors because its exception types are not Main's.
 */
public final class EmbeddedTomcat {


    // Held here because java.util.logging keeps loggers only weakly: a level set on a dropped one is lost.
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    // web.xml declares jdbc/portagent and jdbc/agentx for servers that define them; here they are
    // deliberately undefined (the application then builds its own), which this listener reports.
    private static final Logger NAMING_LOG = Logger.getLogger("org.apache.catalina.core.NamingContextListener");
    // A refused start-up is reported by the application itself, and by this launcher in one line;
    // Tomcat's stack trace of the same failure would bury that line.
    private static final Logger CONTAINER_LOG = Logger.getLogger("org.apache.catalina.core.ContainerBase");

    private EmbeddedTomcat() {
    }

    /** Serves {@code docBase}, the unpacked WAR ({@link UnpackedWar}), until shutdown. */
    public static int run(Path docBase, int port, Map<String, String> cli) throws IOException {
        quietTomcatLogging();
        Path base = Files.createTempDirectory("portagent-tomcat");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteTree(base), "portagent-cleanup-base"));
        Tomcat tomcat = newServer(base, port);
        Map<String, String> parameters = new HashMap<>();
        parameters.put(LauncherContract.LAUNCHER_FLAG, "true");
        cli.forEach((key, value) -> parameters.put(LauncherContract.CLI_PREFIX + key, value));
        Context context = addWar(tomcat, "", docBase, parameters);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            // Tomcat 11 fails its own start when the application refuses to start; prefer the application's reason.
            return failed(tomcat, startupError(context).orElseGet(() -> hasBindException(e)
                    ? Main.portInUse(port).display() : "Error: " + e.getMessage() + "; see the log lines above."));
        }
        if (context.getState() != LifecycleState.STARTED) {
            return failed(tomcat, startupError(context).orElse("Error: the web application failed to start;"
                    + " see the log lines above."));
        }
        System.out.println("Portagent is listening on http://localhost:" + tomcat.getConnector().getLocalPort() + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat), "portagent-shutdown"));
        tomcat.getServer().await();
        return 0;
    }

    /**
     * Tomcat's WebSocket buffers per socket (frame input, decode, output; 8 KB each by default)
     * are most of what an idle socket costs. Messages larger than a buffer still work: they are
     * read and written in parts. An operator's own -D setting wins.
     */
    static final String WS_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    static final String WS_BUFFER_BYTES = "2048";

    /**
     * Weld checks beans.xml against its XML schema at every start, which loads and compiles the
     * schema (a few hundred classes of the JDK's XML parser), for a file fixed when the WAR was
     * built; Weld still reads it (the discovery mode) either way. An operator's own -D setting wins.
     */
    static final String WELD_XML_VALIDATION_PROPERTY = "org.jboss.weld.xml.disableValidating";

    /**
     * Weld deploys beans on a thread pool and preloads classes on another by default: on two
     * cores, with the JIT compiler using the second, the hand-offs cost more than they save
     * (about 0.1 s of a start). Single-threaded, as an operator's own -D settings may undo.
     */
    static final Map<String, String> WELD_SINGLE_THREADED = Map.of(
            "org.jboss.weld.executor.threadPoolType", "NONE",
            "org.jboss.weld.bootstrap.preloaderThreadPoolSize", "0");

    /** A Tomcat with JNDI on, no global web.xml, its work files under {@code base}. Also used by the tests. */
    public static Tomcat newServer(Path base, int port) throws IOException {
        WELD_SINGLE_THREADED.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        if (System.getProperty(WS_BUFFER_PROPERTY) == null) {
            System.setProperty(WS_BUFFER_PROPERTY, WS_BUFFER_BYTES); // before Tomcat's WebSocket classes load
        }
        if (System.getProperty(WELD_XML_VALIDATION_PROPERTY) == null) {
            System.setProperty(WELD_XML_VALIDATION_PROPERTY, "true");
        }
        // Tomcat resolves its own classes through the context class loader and the server's parent loader.
        ClassLoader launcher = EmbeddedTomcat.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(launcher);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(port);
        tomcat.getServer().setParentClassLoader(launcher);
        tomcat.enableNaming();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Files.createDirectories(base.resolve("webapps"));
        tomcat.getConnector();
        // Error pages without stack traces or the server's version.
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        return tomcat;
    }

    /** Deploys the WAR (a file, or a folder it was unpacked into) at {@code contextPath} with the given context init-params and a static-file servlet. */
    public static Context addWar(Tomcat tomcat, String contextPath, Path war, Map<String, String> parameters) {
        return addWar(tomcat, contextPath, war, parameters, context -> { });
    }

    /**
     * As above, with {@code customizer} applied too. All of it happens just before the context
     * initializes, because a server that is already running starts a new context as it is added.
     */
    public static Context addWar(Tomcat tomcat, String contextPath, Path war, Map<String, String> parameters,
            Consumer<Context> customizer) {
        ContextConfig config = new ContextConfig() {
            @Override
            public void lifecycleEvent(LifecycleEvent event) {
                if (Lifecycle.BEFORE_INIT_EVENT.equals(event.getType())) {
                    Context context = (Context) event.getLifecycle();
                    configure(context, parameters);
                    customizer.accept(context);
                }
                super.lifecycleEvent(event);
            }
        };
        return tomcat.addWebapp(tomcat.getHost(), contextPath, war.toAbsolutePath().toString(), config);
    }

    /** The jars that serve static files from {@code META-INF/resources} (the WebJars of the studio). */
    static final String RESOURCE_JARS = "marked-*.jar,dompurify-*.jar,highlightjs-*.jar";

    private static void configure(Context context, Map<String, String> parameters) {
        parameters.forEach(context::addParameter);
        // The class path is the launcher's own; only WEB-INF/lib holds the application's jars.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setJarScanFilter(jarScanFilter());
        context.setJarScanner(scanner);
        Wrapper defaults = context.createWrapper();
        defaults.setName("default");
        defaults.setServletClass("org.apache.catalina.servlets.DefaultServlet");
        defaults.addInitParameter("listings", "false");
        defaults.setLoadOnStartup(1);
        context.addChild(defaults);
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    /**
     * Which of WEB-INF/lib's jars Tomcat looks into at start. None has a web fragment, a TLD or a
     * class an initializer asks for (Jersey's and the WebSocket container's {@code @HandlesTypes}
     * find the application's own classes, in WEB-INF/classes), so their classes are not read one
     * by one: that scan was a third of a start. Only the WebJars are looked into, for the files
     * they serve from {@code META-INF/resources}. The initializers (Weld, Jersey, Soteria,
     * Logback) are still found through the service loader.
     */
    public static StandardJarScanFilter jarScanFilter() {
        StandardJarScanFilter jars = new StandardJarScanFilter();
        jars.setDefaultPluggabilityScan(false);
        jars.setPluggabilityScan(RESOURCE_JARS);
        jars.setDefaultTldScan(false);
        return jars;
    }

    /** The operator sentence the application left when it refused to start. */
    public static Optional<String> startupError(Context context) {
        return Optional.ofNullable(context.getServletContext().getAttribute(LauncherContract.STARTUP_ERROR)).map(Object::toString);
    }

    /** Tomcat's own chatter at WARNING and above, one line each. */
    public static void quietTomcatLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s %3$s - %5$s%6$s%n");
        TOMCAT_LOG.setLevel(Level.WARNING);
        NAMING_LOG.setLevel(Level.SEVERE);
        CONTAINER_LOG.setLevel(Level.OFF);
    }

    private static boolean hasBindException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static int failed(Tomcat tomcat, String message) {
        System.err.println(message);
        stop(tomcat);
        return Main.STARTUP_FAILED;
    }

    private static void stop(Tomcat tomcat) {
        try {
            if (tomcat.getServer().getState().isAvailable()) {
                tomcat.stop();
            }
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("Warning: the embedded server did not stop cleanly: " + e.getMessage());
        }
    }
}
