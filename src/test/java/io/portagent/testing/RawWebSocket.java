package io.portagent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written on a bare TCP socket, for peers that misbehave in ways a real client
 * will not: it completes the handshake, sends masked text frames, and reads only when told to,
 * so it can play a reader that never reads. {@link #drain} then tells how the server ended it.
 */
public final class RawWebSocket implements AutoCloseable {

    /** How the server's side ended, as the client saw it once it read everything. */
    public enum Ending {
        /** A close frame, then the end of the stream. */
        CLOSE_FRAME,
        /** The connection ended (FIN or reset) without a close frame. */
        BARE_TCP_CLOSE,
        /** Nothing more arrived and the connection stayed open. */
        STILL_OPEN
    }

    private final Socket socket;
    private int closeCode = -1;

    private RawWebSocket(Socket socket) {
        this.socket = socket;
    }

    /** Opens {@code /ws?token=} with a small receive buffer, so that a peer that never reads fills up fast. */
    public static RawWebSocket open(URI base, String token, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + base.getPath() + "ws?token=" + token + " HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
        }
        return new RawWebSocket(socket);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /**
     * Reads everything the server sent until the stream ends or nothing arrives for {@code quietMillis},
     * and says how it ended; the close frame's code is kept ({@link #closeCode()}).
     */
    public Ending drain(int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return closeCode >= 0 ? Ending.CLOSE_FRAME : Ending.BARE_TCP_CLOSE;
                }
                long length = in.read() & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if ((first & 0x0f) == 0x8 && payload.length >= 2) {
                    closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                }
            }
        } catch (SocketTimeoutException e) {
            return closeCode >= 0 ? Ending.CLOSE_FRAME : Ending.STILL_OPEN;
        } catch (SocketException e) {
            return closeCode >= 0 ? Ending.CLOSE_FRAME : Ending.BARE_TCP_CLOSE;
        }
    }

    /** The code of the close frame received by {@link #drain}, or -1. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // the test is done with it either way
        }
    }
}
