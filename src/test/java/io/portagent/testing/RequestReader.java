package io.portagent.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads HTTP/1.1 requests off a connection: request line, headers, and a body framed by
 * Content-Length or chunked transfer coding. Deliberately strict and small; anything it cannot
 * parse becomes a {@link MalformedRequest}, answered with 400 and a closed connection.
 */
final class RequestReader {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final long MAX_BODY = 64L * 1024 * 1024;

    /** The parsed request line and headers; header names are case-insensitive. */
    record Head(String method, String target, String version, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        /** HTTP/1.1 defaults to keep-alive; {@code Connection: close} or HTTP/1.0 end it. */
        boolean keepAlive() {
            String connection = header("connection");
            boolean close = connection != null && hasToken(connection, "close");
            return "HTTP/1.1".equals(version) && !close;
        }

        boolean expectsContinue() {
            String expect = header("expect");
            return expect != null && expect.trim().equalsIgnoreCase("100-continue");
        }

        private static boolean hasToken(String list, String token) {
            for (String part : list.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The client sent bytes that are not a request this fixture understands. */
    static final class MalformedRequest extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequest(String message) {
            super(message);
        }
    }

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** Returns null when the peer closed the connection between requests (a normal end). */
    Head readHead() throws IOException {
        String requestLine = readLine(true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(true); // RFC 9112 2.2: ignore stray CRLFs before a request
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new MalformedRequest("bad request line: " + requestLine);
        }
        return new Head(parts[0], parts[1], parts[2], readHeaders());
    }

    String readBody(Head head) throws IOException {
        String transferEncoding = head.header("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new String(readChunkedBody(), StandardCharsets.UTF_8);
        }
        String contentLength = head.header("content-length");
        if (contentLength == null) {
            return "";
        }
        return new String(readExactly(parseLength(contentLength.trim(), 10)), StandardCharsets.UTF_8);
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new MalformedRequest("bad header line: " + line);
            }
            String name = line.substring(0, colon).trim();
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
    }

    private byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions carry nothing we need
            long size = parseLength((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                readHeaders(); // trailers, discarded
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new MalformedRequest("chunked body too large");
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new MalformedRequest("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(long length) throws IOException {
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private static long parseLength(String text, int radix) throws MalformedRequest {
        try {
            long value = Long.parseLong(text, radix);
            if (value < 0 || value > MAX_BODY) {
                throw new MalformedRequest("length out of range: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedRequest("bad length: " + text);
        }
    }

    /**
     * Reads one line ending in LF (a preceding CR is dropped), as ISO-8859-1 like HTTP header
     * bytes. Returns null only if {@code eofAllowed} and the stream ended before any byte.
     */
    private String readLine(boolean eofAllowed) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-request");
            }
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new MalformedRequest("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }
}
