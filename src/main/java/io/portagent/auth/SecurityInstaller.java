package io.portagent.auth;

import jakarta.security.auth.message.config.AuthConfigFactory;
import io.portagent.config.StartupException;
import jakarta.servlet.ServletContext;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.soteria.mechanisms.jaspic.HttpBridgeServerAuthModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects Jakarta Security to the servlet container. On Payara, WildFly and Open Liberty the
 * server registers its own implementation; on Tomcat Soteria's start-up hook runs before CDI
 * exists and registers nothing, so once CDI is up this registers Soteria's bridge module for
 * this context (and removes it when the context stops). Soteria's classes are touched only in
 * that last case: the full servers do not show them to the application (WildFly's copy lives
 * in another package, Liberty's is private).
 */
public final class SecurityInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityInstaller.class);

    private static final String SOTERIA_BRIDGE = "org.glassfish.soteria.mechanisms.jaspic.HttpBridgeServerAuthModule";

    private SecurityInstaller() {
    }

    /** Returns whether it registered the module (and so must remove it at shutdown). */
    public static boolean install(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        String appContext = appContextId(context);
        if (factory.getConfigProvider("HttpServlet", appContext, null) != null) {
            LOG.debug("Jakarta Security is already registered for '{}' by the server", appContext);
            return false;
        }
        if (!soteriaVisible()) {
            LOG.debug("Jakarta Security is the server's own (no Soteria in the application) for '{}'", appContext);
            return false;
        }
        requireBeanManagerInJndi();
        factory.registerServerAuthModule(new HttpBridgeServerAuthModule(null), context);
        LOG.debug("Registered Jakarta Security's bridge module for '{}'", appContext);
        return true;
    }

    /**
     * Open Liberty runs Jakarta Security through its own web security, without a provider in
     * the factory; Soteria's classes are then not visible, and there is nothing to register.
     */
    private static boolean soteriaVisible() {
        try {
            Class.forName(SOTERIA_BRIDGE, false, SecurityInstaller.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The Jakarta Authentication application context: "{virtual server} {context path}". */
    static String appContextId(ServletContext context) {
        return context.getVirtualServerName() + " " + context.getContextPath();
    }

    /**
     * Soteria finds CDI through JNDI. The WAR binds it in META-INF/context.xml, but a context
     * file of the operator's (conf/Catalina/host/app.xml) replaces that one: fail start-up with
     * the fix rather than every request with a 500.
     */
    private static void requireBeanManagerInJndi() {
        for (String name : new String[] {"java:comp/env/BeanManager", "java:comp/BeanManager"}) {
            try {
                if (new InitialContext().lookup(name) != null) {
                    return;
                }
            } catch (NamingException e) {
                LOG.debug("{} is not bound: {}", name, e.getMessage());
            }
        }
        throw new StartupException("CDI's BeanManager is not bound in JNDI (java:comp/env/BeanManager), which"
                + " Jakarta Security needs. Your context file replaces the WAR's own META-INF/context.xml: copy the"
                + " <Resource name=\"BeanManager\" .../> element from deploy/tomcat/context.xml into it.");
    }

    public static void uninstall(ServletContext context) {
        AuthConfigFactory.getFactory().removeServerAuthModule(context);
    }
}
