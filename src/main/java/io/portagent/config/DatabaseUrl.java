package io.portagent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code DATABASE_URL} read: {@code postgresql://user:password@host:port/database?params} (also
 * {@code postgres://}, and {@code jdbc:postgresql://} with {@code user} and {@code password} as
 * parameters), as the JDBC URL, user and password the driver takes. {@link #toString()} never
 * shows the password.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    private static final int DEFAULT_PORT = 5432;

    public static DatabaseUrl parse(String text) {
        String value = text.strip();
        if (value.startsWith("jdbc:postgresql://")) {
            return new DatabaseUrl(value, Optional.empty(), Optional.empty());
        }
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw new IllegalArgumentException("must start with postgresql:// (e.g."
                    + " postgresql://portagent:secret@db.example:5432/portagent)");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason()
                    + " (percent-encode special characters in the password, e.g. @ as %40)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("names no host (postgresql://user:password@HOST:5432/database)");
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw new IllegalArgumentException("names no database (postgresql://user:password@host:5432/DATABASE)");
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + ":" + (uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT) + "/"
                + database + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(info.substring(colon + 1)));
        }
        return new DatabaseUrl(jdbc, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL as logs and errors show it: the user, never the password. */
    @Override
    public String toString() {
        String shown = jdbcUrl.replaceFirst("^jdbc:", "").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        return user.map(u -> shown.replaceFirst("://", "://" + u + "@")).orElse(shown);
    }
}
