package io.portagent.auth;

/**
 * Who did something, for the audit log: a signed-in user (their id; the name is looked up when
 * not known), the command line (no user id), or nobody yet (a failed sign-in); and from where.
 */
public record Actor(String userId, String username, String ip) {

    /** A signed-in caller at a client address. */
    public static Actor of(AuthenticatedUser user, String ip) {
        return new Actor(user.userId(), user.username(), ip);
    }

    /** The operator at the command line, named by their OS account. */
    public static Actor commandLine() {
        return new Actor(null, "cli:" + System.getProperty("user.name"), "local");
    }

    /** Someone not signed in, at a client address. */
    public static Actor anonymous(String ip) {
        return new Actor(null, null, ip);
    }

    /** A single sign-on source changing an account at sign-in (its roles and groups), named {@code sso:<provider>}. */
    public static Actor singleSignOn(String provider) {
        return new Actor(null, "sso:" + provider, null);
    }
}
