package io.portagent.auth;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
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
        factory.registerServerAuthModule(new HttpBridgeServerAuthModule(null), context);
        LOG.debug("Registered Jakarta Security's bridge module for '{}'", appContext);
        return true;
    }

    public static void uninstall(ServletContext context) {
        AuthConfigFactory.getFactory().removeServerAuthModule(context);
    }
}
