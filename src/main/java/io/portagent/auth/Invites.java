package io.portagent.auth;

import io.portagent.store.InviteRecord;
import io.portagent.store.InviteRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invite codes for {@code REGISTRATION=invite}: the seed's daily code, and codes an admin makes
 * (an expiry, a number of uses, a note), listed and revocable. A registration claims one use.
 */
public final class Invites {

    static final int DEFAULT_HOURS = 72;
    static final int MAX_HOURS = 24 * 365;
    static final int MAX_USES = 1000;
    static final int NOTE_MAX = 200;

    private final InviteRepository invites;
    private final InviteCodes daily;
    private final Audit audit;
    private final Clock clock;

    public Invites(InviteRepository invites, InviteCodes daily, Audit audit, Clock clock) {
        this.invites = invites;
        this.daily = daily;
        this.audit = audit;
        this.clock = clock;
    }

    public List<InviteView> list() {
        return invites.list().stream().map(InviteView::of).toList();
    }

    public InviteView create(Actor actor, Optional<Integer> expiresInHours, Optional<Integer> maxUses,
            Optional<String> note) {
        int hours = expiresInHours.orElse(DEFAULT_HOURS);
        int uses = maxUses.orElse(1);
        if (hours < 1 || hours > MAX_HOURS) {
            throw AuthException.invalidInput("expiresInHours must be from 1 to " + MAX_HOURS);
        }
        if (uses < 1 || uses > MAX_USES) {
            throw AuthException.invalidInput("maxUses must be from 1 to " + MAX_USES);
        }
        if (note.map(String::length).orElse(0) > NOTE_MAX) {
            throw AuthException.invalidInput("Note must be at most " + NOTE_MAX + " characters");
        }
        long now = clock.millis();
        InviteRecord invite = new InviteRecord(Passwords.randomText(16), note.orElse(null), now, actor.username(),
                now + Duration.ofHours(hours).toMillis(), uses, 0, false);
        invites.create(invite);
        audit.record("invite_created", actor, null, null, Map.of("code", hint(invite.code()), "maxUses", uses,
                "expiresAt", invite.expiresAt()));
        return InviteView.of(invite);
    }

    public void revoke(Actor actor, String code) {
        if (!invites.revoke(code)) {
            throw AuthException.notFound("No invite code '" + code + "'");
        }
        audit.record("invite_revoked", actor, null, null, Map.of("code", hint(code)));
    }

    /** Today's code is accepted as is; an admin's code when it has a use left (which this takes). */
    Claim claim(String code) {
        if (code == null) {
            return Claim.NONE;
        }
        if (daily.accepts(code)) {
            return Claim.DAILY;
        }
        return invites.claim(code.strip(), clock.millis()) ? Claim.ADMIN_CODE : Claim.NONE;
    }

    void unclaim(String code) {
        invites.unclaim(code.strip());
    }

    /** How a code was accepted. */
    enum Claim {
        NONE, DAILY, ADMIN_CODE
    }

    /** The start of a code, enough to tell codes apart in the audit log without handing one out. */
    static String hint(String code) {
        return code.length() <= 4 ? "…" : code.substring(0, 4) + "…";
    }
}
