package io.portagent.auth;

import io.portagent.config.StartupException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of the client behind the request. {@code X-Forwarded-For} is believed only when
 * the direct peer is a trusted proxy (an address or CIDR range in {@code TRUSTED_PROXIES});
 * then the right-most address that is not itself a trusted proxy is the client. Only IP
 * literals are ever parsed: nothing a client sends causes a DNS look-up.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
            + "|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** An address range: the network's bytes and how many leading bits must match. */
    private record Network(byte[] address, int bits) {
    }

    private final List<Network> trusted;

    /** Parses the trusted list once; a bad entry stops start-up with the entry named. */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(ClientAddress::network).toList();
    }

    public String of(String remoteAddress, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(remoteAddress)) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    /** Whether a resolved client address is a loopback address (127.0.0.0/8, ::1); a name or junk is not. */
    public static boolean isLoopback(String address) {
        Optional<byte[]> bytes = literal(address);
        try {
            return bytes.isPresent() && InetAddress.getByAddress(bytes.get()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The client's address behind {@code request}: its peer, or X-Forwarded-For when the peer is a trusted proxy. */
    public String of(jakarta.servlet.http.HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /** Whether a peer address is one of TRUSTED_PROXIES (its forwarded headers are believed). */
    public boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && trusted.stream().anyMatch(n -> contains(n, bytes.get()));
    }

    private static boolean contains(Network network, byte[] candidate) {
        if (candidate.length != network.address().length) {
            return false;
        }
        for (int i = 0; i < network.bits(); i++) {
            int mask = 0x80 >>> (i % 8);
            if ((candidate[i / 8] & mask) != (network.address()[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Network network(String entry) {
        String value = entry.strip();
        int slash = value.indexOf('/');
        Optional<byte[]> address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address.isEmpty()) {
            throw invalid(entry);
        }
        int max = address.get().length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
        if (bits < 0 || bits > max) {
            throw invalid(entry);
        }
        return new Network(address.get(), bits);
    }

    private static StartupException invalid(String entry) {
        return new StartupException("Invalid TRUSTED_PROXIES entry '" + entry + "': expected an IP address or a CIDR"
                + " range such as 127.0.0.1, ::1 or 10.0.0.0/8.");
    }

    /** The bytes of a well-formed IP literal, checked before the JDK sees it, so it never resolves a name. */
    private static Optional<byte[]> literal(String text) {
        String value = text == null ? "" : text.strip();
        if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
