package io.portagent.deploy.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The smallest application-scoped Jakarta Security mechanism: it holds nothing and signs no one
 * in. Packed with {@link ProbeServlet} into a WAR of two classes (see FullServers.ProbeWar) to
 * show which server keeps such a mechanism, and so its WAR's class loader, after an undeploy.
 */
@ApplicationScoped
public class ProbeMechanism implements HttpAuthenticationMechanism {

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        return context.doNothing();
    }
}
