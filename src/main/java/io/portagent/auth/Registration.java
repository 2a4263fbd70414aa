package io.portagent.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** A registration request, checked field by field with the sentences the API answers. */
public record Registration(String username, String password, Optional<String> inviteCode, Optional<String> email,
        Optional<String> displayName, Optional<String> avatar) {

    static final int USERNAME_MAX = 64;
    static final int DISPLAY_NAME_MAX = 100;
    static final int AVATAR_MAX = 2048;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    /** Checks everything but the invite code (which needs the clock) and uniqueness (which needs the database). */
    void validate() {
        checkUsername(username);
        checkPassword(password);
        checkProfile(email, displayName, avatar);
    }

    static void checkUsername(String username) {
        if (username.length() < 3) {
            throw AuthException.invalidInput("Username must be at least 3 characters");
        }
        if (username.length() > USERNAME_MAX) {
            throw AuthException.invalidInput("Username must be at most " + USERNAME_MAX + " characters");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw AuthException.invalidInput("Username may only contain letters, digits, '.', '_' and '-'");
        }
    }

    static void checkPassword(String password) {
        if (password.length() < 6) {
            throw AuthException.invalidInput("Password must be at least 6 characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw AuthException.invalidInput("Password must be at most " + Passwords.MAX_BYTES + " bytes");
        }
    }

    /** The optional profile fields' rules, for registration and for later changes. */
    static void checkProfile(Optional<String> email, Optional<String> displayName, Optional<String> avatar) {
        if (email.isPresent() && (email.get().length() > 254 || !EMAIL.matcher(email.get()).matches())) {
            throw AuthException.invalidInput("Invalid email format");
        }
        if (displayName.isPresent() && displayName.get().length() > DISPLAY_NAME_MAX) {
            throw AuthException.invalidInput("Display name must be at most " + DISPLAY_NAME_MAX + " characters");
        }
        if (avatar.isPresent() && avatar.get().length() > AVATAR_MAX) {
            throw AuthException.invalidInput("Avatar must be at most " + AVATAR_MAX + " characters");
        }
    }
}
