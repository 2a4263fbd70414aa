/**
 * SQLite storage: the data directory and its single-instance lock, the two databases
 * ({@code portagent.db} for users, {@code agentx.db} for conversations) reached through JNDI or
 * built here, their versioned migrations, and the in-process write serialization that keeps
 * {@code SQLITE_BUSY} out of a single instance.
 */
package io.portagent.store;
