package io.portagent.auth;

/** The answer to a successful register or login. */
public record AuthResult(String token, UserView user, String expiresIn) {

    static AuthResult of(IssuedToken token, UserView user) {
        return new AuthResult(token.token(), user, "7d");
    }
}
