package io.portagent.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Stops Portagent when the web application stops, while its class loader is still open. Payara
 * closes that class loader before CDI destroys the application scope, so {@link Lifecycle#stop()}
 * called only as a {@code @PreDestroy} fails half-way there ({@code NoClassDefFoundError}); on
 * Tomcat either call may come first, and the second does nothing.
 */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (event.getServletContext().getAttribute(Lifecycle.INSTANCE) instanceof Lifecycle lifecycle) {
            lifecycle.stop();
        }
    }
}
