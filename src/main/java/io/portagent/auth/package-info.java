/** Accounts and authentication: {@code /api/auth}, passwords, tokens and invite codes. */
package io.portagent.auth;
