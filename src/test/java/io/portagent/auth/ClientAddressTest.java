package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client behind a request: the peer itself, unless the peer is a trusted proxy; then the
 * right-most {@code X-Forwarded-For} hop that is not a trusted proxy. Trusted entries are IP
 * literals or CIDR ranges, IPv4 and IPv6; names are never taken for addresses.
 */
class ClientAddressTest {

    /** The default of {@code TRUSTED_PROXIES}. */
    private final ClientAddress loopback = new ClientAddress(List.of("127.0.0.1", "::1"));
    private final ClientAddress behindLan = new ClientAddress(List.of("127.0.0.1", "::1", "10.0.0.0/8"));

    @Test
    void withoutForwardedForThePeerIsTheClient() {
        assertEquals("127.0.0.1", loopback.of("127.0.0.1", null));
        assertEquals("127.0.0.1", loopback.of("127.0.0.1", " "));
        assertEquals("203.0.113.7", loopback.of("203.0.113.7", null));
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertEquals("203.0.113.7", loopback.of("203.0.113.7", "198.51.100.1"));
        assertEquals("10.1.2.3", loopback.of("10.1.2.3", "127.0.0.1"));
    }

    @Test
    void fromATrustedLoopbackPeerTheForwardedClientCounts() {
        assertEquals("198.51.100.1", loopback.of("127.0.0.1", "198.51.100.1"));
        assertEquals("198.51.100.1", loopback.of("0:0:0:0:0:0:0:1", "198.51.100.1"));
        assertEquals("198.51.100.1", loopback.of("::1", " 198.51.100.1 "));
    }

    @Test
    void theRightMostUntrustedHopWinsSoAClientCannotSpoofItsWayIn() {
        // the client wrote "6.6.6.6" itself; nginx appended the address it really saw
        assertEquals("198.51.100.1", loopback.of("127.0.0.1", "6.6.6.6, 198.51.100.1"));
        assertEquals("10.0.0.2", loopback.of("127.0.0.1", "198.51.100.1, 10.0.0.2"));
        assertEquals("198.51.100.1", behindLan.of("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2, 10.9.8.7"));
        assertEquals("198.51.100.1", behindLan.of("127.0.0.1", "198.51.100.1,,10.0.0.2"));
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
}
