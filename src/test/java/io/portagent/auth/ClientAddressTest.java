package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client behind a request: the peer itself, unless the peer is a trusted proxy; then the
 * right-most {@code X-Forwarded-For} hop that is not a trusted proxy. Trusted entries are IP
 * literals or CIDR ranges, IPv4 and IPv6; names are never taken for addresses.
 */
class ClientAddressTest {

    /** The default of {@code TRUSTED_PROXIES}. */
    private final ClientAddress loopback = new ClientAddress(List.of("127.0.0.1", "::1"));
    private final ClientAddress behindLan = new ClientAddress(List.of("127.0.0.1", "::1", "10.0.0.0/8"));

    private static final String ROW = "peer {0}, X-Forwarded-For ''{1}'': the client is {2}";

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1   |     | 127.0.0.1
            127.0.0.1   | ' ' | 127.0.0.1
            203.0.113.7 |     | 203.0.113.7
            """)
    void withoutForwardedForThePeerIsTheClient(String peer, String forwardedFor, String client) {
        assertEquals(client, loopback.of(peer, forwardedFor));
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            203.0.113.7 | 198.51.100.1 | 203.0.113.7
            10.1.2.3    | 127.0.0.1    | 10.1.2.3
            """)
    void forwardedForFromAnUntrustedPeerIsIgnored(String peer, String forwardedFor, String client) {
        assertEquals(client, loopback.of(peer, forwardedFor));
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1       | 198.51.100.1       | 198.51.100.1
            0:0:0:0:0:0:0:1 | 198.51.100.1       | 198.51.100.1
            ::1             | ' 198.51.100.1 '   | 198.51.100.1
            """)
    void fromATrustedLoopbackPeerTheForwardedClientCounts(String peer, String forwardedFor, String client) {
        assertEquals(client, loopback.of(peer, forwardedFor));
    }

    /** The client wrote "6.6.6.6" itself; the proxies appended the addresses they really saw. */
    @ParameterizedTest(name = "TRUSTED_PROXIES {0}, X-Forwarded-For ''{1}'' from 127.0.0.1: the client is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1 ::1            | 6.6.6.6, 198.51.100.1                     | 198.51.100.1
            127.0.0.1 ::1            | 198.51.100.1, 10.0.0.2                    | 10.0.0.2
            127.0.0.1 ::1 10.0.0.0/8 | 6.6.6.6, 198.51.100.1, 10.0.0.2, 10.9.8.7 | 198.51.100.1
            127.0.0.1 ::1 10.0.0.0/8 | 198.51.100.1,,10.0.0.2                    | 198.51.100.1
            """)
    void theRightMostUntrustedHopWinsSoAClientCannotSpoofItsWayIn(String trusted, String forwardedFor, String client) {
        assertEquals(client, new ClientAddress(List.of(trusted.split(" "))).of("127.0.0.1", forwardedFor));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        assertEquals("10.0.0.5", behindLan.of("127.0.0.1", "10.0.0.5, 10.0.0.2"));
    }

    @Test
    void cidrRangesMatchByPrefix() {
        assertTrue(behindLan.isTrusted("10.0.0.0"));
        assertTrue(behindLan.isTrusted("10.255.255.255"));
        assertFalse(behindLan.isTrusted("11.0.0.1"));
        assertFalse(behindLan.isTrusted("9.255.255.255"));
        ClientAddress narrow = new ClientAddress(List.of("192.168.1.0/24", "172.16.0.0/12"));
        assertTrue(narrow.isTrusted("192.168.1.200"));
        assertFalse(narrow.isTrusted("192.168.2.1"));
        assertTrue(narrow.isTrusted("172.31.255.1"));
        assertFalse(narrow.isTrusted("172.32.0.1"));
    }

    @Test
    void ipv6EntriesMatchInAnySpelling() {
        assertTrue(loopback.isTrusted("::1"));
        assertTrue(loopback.isTrusted("0:0:0:0:0:0:0:1"));
        assertFalse(loopback.isTrusted("::2"));
        ClientAddress ula = new ClientAddress(List.of("fd00::/8"));
        assertTrue(ula.isTrusted("fd12:3456::1"));
        assertFalse(ula.isTrusted("fe80::1"));
        assertFalse(ula.isTrusted("10.0.0.1"), "an IPv4 address never matches an IPv6 range");
    }

    @Test
    void namesAndGarbageInTheHeaderAreTakenAsTheClientNotResolved() {
        assertEquals("evil.example.com", loopback.of("127.0.0.1", "evil.example.com"));
        // "localhost" would be 127.0.0.1, a trusted proxy, if it were resolved and skipped
        assertEquals("localhost", loopback.of("127.0.0.1", "198.51.100.1, localhost"));
        assertEquals("<script>", loopback.of("127.0.0.1", "<script>"));
        assertEquals("unknown", loopback.of("127.0.0.1", "unknown"));
        assertFalse(loopback.isTrusted("localhost"));
    }

    @Test
    void entriesThatAreNotAddressesOrRangesStopStartUpNamingTheEntry() {
        for (String bad : List.of("localhost", "127.0.0.1/abc", "10.0.0.0/40", "10.0.0.0/-1", "999.1.1.1", "::1/129")) {
            io.portagent.config.StartupException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.portagent.config.StartupException.class, () -> new ClientAddress(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("Invalid TRUSTED_PROXIES entry '" + bad + "'"), e.getMessage());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} is loopback: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"127.0.0.1, true", "127.8.9.10, true", "::1, true",
            "0:0:0:0:0:0:0:1, true", "203.0.113.7, false", "10.0.0.1, false", "::ffff:203.0.113.7, false",
            "localhost, false", "'', false", "not-an-address, false"})
    void onlyLoopbackLiteralsAreLoopbackAndNoNameIsLookedUp(String address, boolean loopback) {
        assertEquals(loopback, ClientAddress.isLoopback(address));
    }
}
