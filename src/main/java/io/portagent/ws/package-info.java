/**
 * The WebSocket gateway {@code /ws}: where a frame enters ({@link io.portagent.ws.WsEndpoint}),
 * the handshake's Origin check (the token is checked before it by Jakarta Security, since
 * {@code /ws} is a protected URL), the request/response protocol, and each connection's bounded
 * outbound queue. See docs/websocket-protocol.md.
 */
package io.portagent.ws;
