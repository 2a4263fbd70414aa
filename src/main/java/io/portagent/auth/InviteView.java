package io.portagent.auth;

import io.portagent.store.InviteRecord;
import jakarta.json.bind.annotation.JsonbNillable;

/** An admin-made invite code as the admin API lists it. Times are epoch milliseconds. */
@JsonbNillable
public record InviteView(String code, String note, long createdAt, String createdBy, long expiresAt, int maxUses,
        int uses, boolean revoked) {

    static InviteView of(InviteRecord r) {
        return new InviteView(r.code(), r.note(), r.createdAt(), r.createdBy(), r.expiresAt(), r.maxUses(), r.uses(),
                r.revoked());
    }
}
