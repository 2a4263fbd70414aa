package io.portagent.auth;

import java.util.Optional;
import java.util.Set;

/**
 * A person as a single sign-on source knows them: its name for the link ({@code provider},
 * {@code subject}), the username and email to create the account with, and, where the source
 * says, their groups (lower-case names) and whether they are an admin. An empty {@code groups}
 * or {@code admin} leaves that part of the account as it is.
 */
record DirectoryAccount(String provider, String subject, String username, Optional<String> email,
        Optional<String> displayName, Optional<Set<String>> groups, Optional<Boolean> admin) {
}
