package io.portagent.auth;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles a caller can hold: named in the token's MicroProfile JWT {@code groups} claim, in
 * {@code @RolesAllowed} and in web.xml. The claim carries roles only, nothing else.
 */
public final class Roles {

    public static final String USER = "user";
    public static final String ADMIN = "admin";
    /** Every role this version knows; any other name in a token's groups grants nothing. */
    static final Set<String> KNOWN = Set.of(USER, ADMIN);
    /** What every account holds; admins hold {@link #ADMIN} besides. */
    static final Set<String> OF_EVERY_ACCOUNT = Set.of(USER);

    private Roles() {
    }

    /** The roles among a token's groups (a token without the claim reads as {@code ["user"]}: {@link Tokens}). */
    static Set<String> of(Set<String> groups) {
        return groups.stream().filter(KNOWN::contains).collect(Collectors.toUnmodifiableSet());
    }
}
