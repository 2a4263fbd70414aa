/**
 * The agent runtime: a user's conversations, the turns that stream an answer from the model and
 * store it, and each session's event log, which subscribers replay from. See
 * docs/architecture.md, "A turn".
 *
 * <p>Who owns what: {@link io.portagent.agent.TurnRunner} is a turn's state machine;
 * {@link io.portagent.agent.TurnEvents} builds its events; a session's
 * {@link io.portagent.agent.SessionLog} numbers them, hands them to subscribers and replays them;
 * its {@link io.portagent.agent.SessionWriter} is the only thing that writes the session's turns,
 * messages and events (checkpoints, closing writes, crash recovery).
 *
 * <p>Locks, always taken in this order, never the other way round:
 * <ol>
 * <li>a {@code TurnRunner}'s monitor (every change of a turn's state);</li>
 * <li>then the {@code SessionWriter}'s monitor (staging rows; a turn's end is announced under
 * it, once its closing write is staged);</li>
 * <li>then the {@code SessionLog}'s monitor (append, memory, the subscribers list), and under it
 * a subscriber's sink (which only queues) and the cluster's outbox (which only queues). The log
 * never takes the writer's lock.</li>
 * </ol>
 * A {@code RemoteFeed}'s monitor (other nodes' events) comes before the log's and is never taken
 * under a turn's or the writer's.
 * The runtime's map of running turns and the map of sessions are taken with none of these held
 * (a turn ends, and lets its session go, from the store executor, outside its monitor); the map
 * of sessions takes the writer's monitor inside it (is anything staged?). No lock is held while
 * the database is read or written, with one exception: a session's first user reads its last
 * {@code seq} under that session's own load lock, which only callers of the same session wait for.
 * The model client's threads, which deliver every conversation's deltas, therefore never wait
 * for the database.
 */
package io.portagent.agent;
