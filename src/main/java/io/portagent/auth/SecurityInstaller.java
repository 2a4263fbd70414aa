package io.portagent.auth;

import jakarta.security.auth.message.config.AuthConfigFactory;
import io.portagent.config.StartupException;
import jakarta.servlet.ServletContext;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.soteria.mechanisms.jaspic.HttpBridgeServerAuthModule;
import org.glassfish.soteria.mechanisms.jaspic.Jaspic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects Jakarta Security to the servlet container. On Payara, Soteria registers itself; on
 * Tomcat its start-up hook runs before CDI exists and registers nothing, so once CDI is up this
 * registers Soteria's bridge module for this context (and removes it when the context stops).
 */
public final class SecurityInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityInstaller.class);

    private SecurityInstaller() {
    }

    /** Returns whether it registered the module (and so must remove it at shutdown). */
    public static boolean install(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        String appContext = Jaspic.getAppContextID(context);
        if (factory.getConfigProvider("HttpServlet", appContext, null) != null) {
            LOG.debug("Jakarta Security is already registered for '{}' by the server", appContext);
            return false;
        }
        requireBeanManagerInJndi();
        factory.registerServerAuthModule(new HttpBridgeServerAuthModule(null), context);
        LOG.debug("Registered Jakarta Security's bridge module for '{}'", appContext);
        return true;
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
