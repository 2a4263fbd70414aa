package io.portagent.llm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code NO_PROXY} list: comma- or space-separated entries, matched case-insensitively.
 * <ul>
 *   <li>{@code *} matches every host;</li>
 *   <li>{@code example.com} matches that host and its subdomains ({@code api.example.com});</li>
 *   <li>{@code .example.com} and {@code *.example.com} match subdomains only;</li>
 *   <li>IP literals match exactly; {@code 10.0.0.0/8}-style CIDR ranges match IP literals in them;</li>
 *   <li>any entry may end in {@code :port} (IPv6 in brackets: {@code [::1]:8080}) to match that port only.</li>
 * </ul>
 * These are the rules of Go's and curl's {@code NO_PROXY}, where they agree.
 */
final class NoProxy {

    private record Rule(String host, boolean subdomainsOnly, int port, byte[] network, int prefixBits) {

        boolean matches(String target, int targetPort, byte[] targetAddress) {
            if (port >= 0 && port != targetPort) {
                return false;
            }
            if (network != null) {
                return targetAddress != null && inNetwork(targetAddress);
            }
            boolean subdomain = target.endsWith("." + host);
            return subdomainsOnly ? subdomain : subdomain || target.equals(host);
        }

        private boolean inNetwork(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final NoProxy NONE = new NoProxy(List.of(), false);

    private final List<Rule> rules;
    private final boolean everything;

    private NoProxy(List<Rule> rules, boolean everything) {
        this.rules = rules;
        this.everything = everything;
    }

    static NoProxy parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (String raw : list.split("[,\\s]+")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.equals("*")) {
                return new NoProxy(List.of(), true);
            }
            if (!entry.isEmpty()) {
                rules.add(rule(entry));
            }
        }
        return new NoProxy(List.copyOf(rules), false);
    }

    /** Whether a request to {@code host:port} goes direct. */
    boolean matches(String host, int port) {
        if (everything) {
            return true;
        }
        String target = normalise(host);
        byte[] address = ipLiteral(target);
        return rules.stream().anyMatch(rule -> rule.matches(target, port, address));
    }

    private static Rule rule(String entry) {
        int port = -1;
        String host = entry;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("NO_PROXY entry \"" + entry + "\" lacks its closing bracket.");
            }
            host = entry.substring(1, close);
            port = entry.startsWith(":", close + 1) ? parseNumber(entry.substring(close + 2), entry) : -1;
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':')); // one colon: host:port; more: a bare IPv6 address
            port = parseNumber(entry.substring(entry.indexOf(':') + 1), entry);
        }
        return hostRule(normalise(host), port, entry);
    }

    private static Rule hostRule(String host, int port, String entry) {
        int slash = host.indexOf('/');
        if (slash > 0) {
            byte[] network = ipLiteral(host.substring(0, slash));
            int bits = parseNumber(host.substring(slash + 1), entry);
            if (network == null || bits > network.length * 8) {
                throw new IllegalArgumentException("NO_PROXY entry \"" + entry + "\" is not a valid CIDR range.");
            }
            return new Rule(host, false, port, network, bits);
        }
        if (host.startsWith("*.")) {
            return new Rule(host.substring(2), true, port, null, 0);
        }
        if (host.startsWith(".")) {
            return new Rule(host.substring(1), true, port, null, 0);
        }
        return new Rule(host, false, port, null, 0);
    }

    private static int parseNumber(String digits, String entry) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NO_PROXY entry \"" + entry + "\" has an invalid number.", e);
        }
    }

    /** Lower case, no IPv6 brackets, no trailing dot of a fully qualified name. */
    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The address bytes if {@code host} is an IPv4 or IPv6 literal; never a DNS lookup. */
    private static byte[] ipLiteral(String host) {
        boolean ipv4 = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        boolean ipv6 = host.indexOf(':') >= 0 && host.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
