/**
 * The REST adapter: the resources under {@code /api} and {@code /agentx} (bodies and statuses
 * only; the rules live in auth and agent), the access check that enforces their
 * {@code @DenyAll}/{@code @PermitAll}/{@code @RolesAllowed}, the JSON error body and the mappers
 * that turn every failure into {@code {"error": "..."}} without a stack trace.
 */
package io.portagent.http;
