package io.portagent.auth;

import io.portagent.config.SingleSignOn;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;

/**
 * One bound connection to the directory: opened with a simple bind as {@code dn} (anonymous
 * without one), over StartTLS first when LDAP_STARTTLS is on, and closed with its TLS layer.
 * An {@link javax.naming.AuthenticationException} from {@link #open} is a refused bind.
 */
final class LdapConnection implements AutoCloseable {

    private final LdapContext context;
    private final StartTlsResponse tls;

    private LdapConnection(LdapContext context, StartTlsResponse tls) {
        this.context = context;
        this.tls = tls;
    }

    static LdapConnection open(SingleSignOn.Ldap config, Optional<String> dn, Optional<String> password)
            throws NamingException {
        Hashtable<String, Object> env = LdapDirectory.environment(config);
        if (!config.startTls()) {
            credentials(env, dn, password);
            return new LdapConnection(new InitialLdapContext(env, null), null);
        }
        LdapContext context = new InitialLdapContext(env, null);
        try {
            StartTlsResponse tls = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
            tls.negotiate();
            Hashtable<String, Object> bind = new Hashtable<>();
            credentials(bind, dn, password);
            for (var e : bind.entrySet()) {
                context.addToEnvironment(e.getKey(), e.getValue());
            }
            // the bind happens with the next operation, over the encrypted connection: make it now
            context.getAttributes("", new String[] {"1.1"});
            return new LdapConnection(context, tls);
        } catch (IOException e) {
            context.close();
            NamingException failed = new javax.naming.CommunicationException("StartTLS failed: " + e.getMessage());
            failed.setRootCause(e);
            throw failed;
        } catch (NamingException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private static void credentials(Hashtable<String, Object> env, Optional<String> dn, Optional<String> password) {
        if (dn.isPresent()) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn.get());
            env.put(Context.SECURITY_CREDENTIALS, password.orElse(""));
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
    }

    LdapContext context() {
        return context;
    }

    @Override
    public void close() throws NamingException {
        try {
            if (tls != null) {
                tls.close();
            }
        } catch (IOException e) {
            // the connection is going anyway; its TLS close_notify is not worth an error
            org.slf4j.LoggerFactory.getLogger(LdapConnection.class).debug("StartTLS close: {}", e.getMessage());
        } finally {
            context.close();
        }
    }
}
