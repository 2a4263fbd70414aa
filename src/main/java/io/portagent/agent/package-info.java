/**
 * The agent runtime: conversations (images) in a user's container, turns that stream an answer
 * from the model and persist it, and the per-session event log that subscribers replay from.
 * See docs/architecture.md, "A turn".
 */
package io.portagent.agent;
