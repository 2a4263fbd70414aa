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
}
