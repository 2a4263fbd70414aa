package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextAssemblerTest {

    @Test
    void aMessageInOnePartPassesThroughUncopied() {
        String whole = "{\"type\":\"image_list_request\"}";
        assertSame(whole, new TextAssembler(100).add(whole, true));
    }

    @Test
    void partsAreJoinedAndTheNextMessageStartsAfresh() {
        TextAssembler assembler = new TextAssembler(100);
        assertNull(assembler.add("ab", false));
        assertNull(assembler.add("cd", false));
        assertEquals("abcde", assembler.add("e", true));
        assertEquals("xy", assembler.add("xy", true));
        assertFalse(assembler.tooBig());
    }

    @Test
    void exactlyTheLimitIsAcceptedInOneOrSeveralParts() {
        assertEquals("abcd", new TextAssembler(4).add("abcd", true));
        TextAssembler assembler = new TextAssembler(4);
        assembler.add("ab", false);
        assertEquals("abcd", assembler.add("cd", true));
    }

    @Test
    void oneCharacterOverTheLimitIsTooBigAndTheRestIsDropped() {
        TextAssembler assembler = new TextAssembler(4);
        assertNull(assembler.add("abc", false));
        assertNull(assembler.add("de", false));
        assertTrue(assembler.tooBig());
        assertNull(assembler.add("f", true));
        assertNull(new TextAssembler(4).add("abcde", true));
    }

    @Test
    void aMessageOverTheLimitAsksForTheCloseOnlyOnceReadToItsEnd() {
        TextAssembler assembler = new TextAssembler(4);
        assertNull(assembler.add("abcde", false));
        assertTrue(assembler.tooBig());
        assertFalse(assembler.closeNow(), "the client is still sending it");
        assertNull(assembler.add("fgh", false));
        assertFalse(assembler.closeNow());
        assertNull(assembler.add("i", true));
        assertTrue(assembler.closeNow(), "read to its end");
        assertNull(new TextAssembler(4).add("abcde", true));
    }

    @Test
    void aMessageOverTheLimitThatNeverEndsIsClosedAfterAFewTimesTheLimit() {
        TextAssembler assembler = new TextAssembler(4);
        assembler.add("abcde", false);
        for (int i = 0; i < TextAssembler.DRAIN_LIMITS * 4 / 5 - 1; i++) {
            assembler.add("12345", false);
        }
        assertFalse(assembler.closeNow());
        assembler.add("12345", false);
        assertTrue(assembler.closeNow(), "gone on for " + TextAssembler.DRAIN_LIMITS + " times the limit");
    }

    @Test
    void aMessageOverTheLimitInOnePartAsksForTheCloseAtOnce() {
        TextAssembler assembler = new TextAssembler(4);
        assertNull(assembler.add("abcdef", true));
        assertTrue(assembler.closeNow());
    }
}
