package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the NO_PROXY matching rules documented on {@link NoProxy}: each rule is a table of a
 * NO_PROXY value, a host and port the client connects to, and whether that goes direct.
 */
class NoProxyTest {

    private static final String ROW = "NO_PROXY=''{0}'': {1} port {2} direct: {3}";

    private static void assertDirect(String noProxy, String host, int port, boolean direct) {
        assertEquals(direct, NoProxy.parse(noProxy).matches(host, port));
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
                 | api.anthropic.com | 443 | false
            '  ' | api.anthropic.com | 443 | false
            """)
    void emptyOrBlankListBypassesNothing(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            *                 | api.anthropic.com | 443 | true
            'example.org, *'  | 10.0.0.1          | 80  | true
            """)
    void starBypassesEverything(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            anthropic.com | anthropic.com          | 443 | true
            anthropic.com | api.anthropic.com      | 443 | true
            anthropic.com | notanthropic.com       | 443 | false
            anthropic.com | anthropic.com.evil.net | 443 | false
            """)
    void plainDomainMatchesItselfAndSubdomainsButNotLookalikes(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            .anthropic.com  | api.anthropic.com | 443 | true
            .anthropic.com  | anthropic.com     | 443 | false
            *.anthropic.com | api.anthropic.com | 443 | true
            *.anthropic.com | anthropic.com     | 443 | false
            """)
    void leadingDotOrStarDotMatchesSubdomainsOnly(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            Internal.Corp | LLM.internal.corp. | 443 | true
            """)
    void matchingIgnoresCaseAndATrailingDot(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            gateway.corp:8443 | gateway.corp | 8443 | true
            gateway.corp:8443 | gateway.corp | 443  | false
            """)
    void entryWithPortMatchesThatPortOnly(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | 127.0.0.1    | 80  | true
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | 127.0.0.2    | 80  | false
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | 10.20.30.40  | 443 | true
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | 11.0.0.1     | 443 | false
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | [fd12::1]    | 443 | true
            '127.0.0.1, 10.0.0.0/8, fd00::/8' | ten.example  | 443 | false
            """)
    void ipLiteralsMatchExactlyAndCidrRangesMatchAddressesInside(String noProxy, String host, int port,
            boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            ::1        | ::1   | 80   | true
            [::1]:8080 | [::1] | 8080 | true
            [::1]:8080 | [::1] | 80   | false
            """)
    void ipv6EntriesWorkBareOrBracketedWithPort(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @ParameterizedTest(name = ROW)
    @CsvSource(delimiter = '|', textBlock = """
            ' a.example ,, b.example\tc.example ' | b.example | 80 | true
            ' a.example ,, b.example\tc.example ' | c.example | 80 | true
            """)
    void spacesAndEmptyEntriesAreTolerated(String noProxy, String host, int port, boolean direct) {
        assertDirect(noProxy, host, port, direct);
    }

    @Test
    void malformedEntriesFailWithASentenceNamingThem() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> NoProxy.parse("10.0.0.0/abc"));
        assertTrue(bad.getMessage().contains("10.0.0.0/abc"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoProxy.parse("host:port"));
        assertThrows(IllegalArgumentException.class, () -> NoProxy.parse("[::1"));
    }
}
