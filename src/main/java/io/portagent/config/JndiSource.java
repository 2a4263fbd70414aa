package io.portagent.config;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Values from JNDI environment entries {@code java:comp/env/portagent/<KEY>} (web.xml or context.xml). */
public final class JndiSource implements ConfigSource {

    private static final String PREFIX = "java:comp/env/portagent/";

    @Override
    public String name() {
        return "JNDI " + PREFIX + "*";
    }

    @Override
    public Optional<String> get(String key) {
        try {
            Object value = new InitialContext().lookup(PREFIX + key);
            return Optional.ofNullable(value).map(Object::toString);
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
