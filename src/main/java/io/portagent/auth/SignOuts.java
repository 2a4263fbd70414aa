package io.portagent.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who must hear at once that tokens died in this process: a single token (a logout) or every
 * token of a user (disabled, deleted, password changed, signed out everywhere). The socket
 * registry listens, and closes the sockets concerned without waiting for its periodic check.
 */
public final class SignOuts {

    private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> userListeners = new CopyOnWriteArrayList<>();

    /** Called with a token id each time one token is revoked. */
    public void onToken(Consumer<String> listener) {
        tokenListeners.add(listener);
    }

    /** Called with a user id each time every token of that user dies. */
    public void onUser(Consumer<String> listener) {
        userListeners.add(listener);
    }

    void tokenRevoked(String tokenId) {
        tokenListeners.forEach(l -> l.accept(tokenId));
    }

    void userSignedOut(String userId) {
        userListeners.forEach(l -> l.accept(userId));
    }
}
