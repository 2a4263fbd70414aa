package io.portagent.auth;

import io.portagent.agent.Caller;

/** The owner of a personal API key that checked out, and which key it was. */
public record ApiKeyUser(String userId, String username, String containerId, String keyId) {

    public Caller caller() {
        return new Caller(userId, containerId);
    }
}
