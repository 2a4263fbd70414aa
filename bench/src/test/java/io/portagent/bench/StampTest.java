package io.portagent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A portal frame that joins several of the fake model's deltas yields every stamp, in order. */
class StampTest {

    @Test
    void aJoinedDeltaCarriesEveryStamp() {
        String one = Stamp.render(123) + " lorem ipsum dolor";
        String joined = one + Stamp.render(-45) + " lorem ipsum dolor" + Stamp.render(6789) + " lorem ipsum dolor";
        assertArrayEquals(new long[] {123}, Stamp.all("{\"type\":\"text_delta\",\"data\":{\"text\":\"" + one + "\"}}"));
        assertArrayEquals(new long[] {123, -45, 6789},
                Stamp.all("{\"type\":\"text_delta\",\"seq\":4,\"data\":{\"text\":\"" + joined + "\"},\"context\":{}}"));
        assertArrayEquals(new long[] {-1}, Stamp.all("{\"type\":\"text_delta\",\"data\":{\"text\":\"plain\"}}"));
    }
}
