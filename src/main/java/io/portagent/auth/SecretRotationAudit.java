package io.portagent.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Writes {@code secret_rotated} once for each rotation: the first start whose {@code JWT_SECRET}
 * differs from the one the last entry recorded, while {@code JWT_SECRET_PREVIOUS} is set (the
 * documented way to rotate). A secret is named by a fingerprint, an HMAC of a fixed text under the
 * secret: it tells two secrets apart and reveals no more than a token signed with it does.
 */
public final class SecretRotationAudit {

    static final String ACTION = "secret_rotated";
    private static final byte[] LABEL = "portagent secret fingerprint".getBytes(StandardCharsets.US_ASCII);

    private SecretRotationAudit() {
    }

    /** Records the rotation if this start is its first; true if it recorded one. */
    public static boolean recordAtStart(TokenSecrets secrets, Audit audit) {
        if (secrets.previous().isEmpty()) {
            return false;
        }
        String current = fingerprint(secrets.current());
        List<AuditEntry> last = audit.find(new Audit.Query(ACTION, null, null, null, null, 1)).entries();
        if (!last.isEmpty() && current.equals(last.get(0).detail().getString("fingerprint", null))) {
            return false;
        }
        audit.record(ACTION, new Actor(null, "operator", "local"), null, null, Map.of("fingerprint", current,
                "previousFingerprint", fingerprint(secrets.previous().get()), "origin", secrets.origin()));
        return true;
    }

    static String fingerprint(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(LABEL), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
