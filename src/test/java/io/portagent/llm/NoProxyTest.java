package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Proves the NO_PROXY matching rules documented on {@link NoProxy}. */
class NoProxyTest {

    @Test
    void emptyOrBlankListBypassesNothing() {
        assertFalse(NoProxy.parse(null).matches("api.anthropic.com", 443));
        assertFalse(NoProxy.parse("  ").matches("api.anthropic.com", 443));
    }

    @Test
    void starBypassesEverything() {
        assertTrue(NoProxy.parse("*").matches("api.anthropic.com", 443));
        assertTrue(NoProxy.parse("example.org, *").matches("10.0.0.1", 80));
    }

    @Test
    void plainDomainMatchesItselfAndSubdomainsButNotLookalikes() {
        NoProxy list = NoProxy.parse("anthropic.com");

        assertTrue(list.matches("anthropic.com", 443));
        assertTrue(list.matches("api.anthropic.com", 443));
        assertFalse(list.matches("notanthropic.com", 443));
        assertFalse(list.matches("anthropic.com.evil.net", 443));
    }

    @Test
    void leadingDotOrStarDotMatchesSubdomainsOnly() {
        for (String entry : new String[] {".anthropic.com", "*.anthropic.com"}) {
            NoProxy list = NoProxy.parse(entry);
            assertTrue(list.matches("api.anthropic.com", 443), entry);
            assertFalse(list.matches("anthropic.com", 443), entry);
        }
    }

    @Test
    void matchingIgnoresCaseAndATrailingDot() {
        NoProxy list = NoProxy.parse("Internal.Corp");

        assertTrue(list.matches("LLM.internal.corp.", 443));
    }

    @Test
    void entryWithPortMatchesThatPortOnly() {
        NoProxy list = NoProxy.parse("gateway.corp:8443");

        assertTrue(list.matches("gateway.corp", 8443));
        assertFalse(list.matches("gateway.corp", 443));
    }

    @Test
    void ipLiteralsMatchExactlyAndCidrRangesMatchAddressesInside() {
        NoProxy list = NoProxy.parse("127.0.0.1, 10.0.0.0/8, fd00::/8");

        assertTrue(list.matches("127.0.0.1", 80));
        assertFalse(list.matches("127.0.0.2", 80));
        assertTrue(list.matches("10.20.30.40", 443));
        assertFalse(list.matches("11.0.0.1", 443));
        assertTrue(list.matches("[fd12::1]", 443));
        assertFalse(list.matches("ten.example", 443));
    }

    @Test
    void ipv6EntriesWorkBareOrBracketedWithPort() {
        assertTrue(NoProxy.parse("::1").matches("::1", 80));
        assertTrue(NoProxy.parse("[::1]:8080").matches("[::1]", 8080));
        assertFalse(NoProxy.parse("[::1]:8080").matches("[::1]", 80));
    }

    @Test
    void spacesAndEmptyEntriesAreTolerated() {
        NoProxy list = NoProxy.parse(" a.example ,, b.example\tc.example ");

        assertTrue(list.matches("b.example", 80));
        assertTrue(list.matches("c.example", 80));
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
