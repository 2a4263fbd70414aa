package io.portagent.auth;

import java.util.List;
import java.util.Set;

/** The answer to a successful register or login: the token, the user, their roles, and whether they must change their password. */
public record AuthResult(String token, UserView user, String expiresIn, List<String> roles, boolean mustChangePassword) {

    static AuthResult of(IssuedToken token, UserView user, Set<String> roles, boolean mustChangePassword) {
        return new AuthResult(token.token(), user, "7d", AccountRoles.sorted(roles), mustChangePassword);
    }
}
