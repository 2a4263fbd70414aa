package io.portagent.testing;

import java.net.URI;
import java.nio.file.Path;

/** A running Portagent the tests talk to: where it answers, and where it keeps its files. */
public interface AppUnderTest {

    /** Base URL with the context path and a trailing slash, e.g. {@code http://127.0.0.1:41234/portagent/}. */
    URI baseUri();

    /** Its {@code AGENTX_DIR}: {@code data/} holds the databases, {@code logs/} the log file. */
    Path dataDir();

    /** A path below the context root; a leading slash is taken as relative to it too. */
    default URI uri(String relative) {
        return baseUri().resolve(relative.startsWith("/") ? relative.substring(1) : relative);
    }
}
