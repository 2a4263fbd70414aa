/**
 * Accounts and authentication: registration and sign-in rules, passwords, tokens and the roles
 * they carry, invite codes, throttling, and the Jakarta Security mechanism that turns a bearer
 * token into the caller. Refusals are {@link io.portagent.auth.AuthException}s with a reason;
 * the adapters choose their statuses.
 */
package io.portagent.auth;
