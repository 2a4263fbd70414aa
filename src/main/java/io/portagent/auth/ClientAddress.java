package io.portagent.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address of the client behind the request. {@code X-Forwarded-For} is believed only when
 * the direct peer is a trusted proxy (an address or CIDR range in {@code TRUSTED_PROXIES});
 * then the right-most address that is not itself a trusted proxy is the client.
 */
public final class ClientAddress {

    private final List<String> trusted;

    public ClientAddress(List<String> trusted) {
        this.trusted = List.copyOf(trusted);
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

    boolean isTrusted(String address) {
        for (String entry : trusted) {
            if (matches(entry, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, String address) {
        int slash = entry.indexOf('/');
        byte[] candidate = bytes(address);
        byte[] network = bytes(slash < 0 ? entry : entry.substring(0, slash));
        if (candidate == null || network == null || candidate.length != network.length) {
            return false;
        }
        int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((candidate[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal; never a DNS look-up (names are not addresses here). */
    private static byte[] bytes(String literal) {
        String value = literal.strip();
        boolean ipv4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = value.contains(":") && value.matches("[0-9a-fA-F:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
