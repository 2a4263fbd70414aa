package io.portagent.auth;

import io.portagent.store.UserRecord;
import jakarta.json.bind.annotation.JsonbNillable;

/** A user as the API shows it: never the password hash. */
@JsonbNillable
public record UserView(String userId, String username, String email, String containerId, String displayName,
        String avatar, long createdAt) {

    static UserView of(UserRecord user) {
        return new UserView(user.userId(), user.username(), user.email(), user.containerId(), user.displayName(),
                user.avatar(), user.createdAt());
    }
}
