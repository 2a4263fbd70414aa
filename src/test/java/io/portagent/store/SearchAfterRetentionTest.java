package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.store.MessageRepository.EventStamp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retention ({@code MESSAGE_RETENTION_DAYS}, through {@link MessageRepository#deleteOlderThan}) takes
 * the messages it deletes out of the sidebar's search as well, on both engines; what it keeps is
 * still found.
 */
class SearchAfterRetentionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retentionTakesItsMessagesOutOfTheSearch(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            new ContainerRepository(db.agents).create("c1", "u1", 1);
            new ConversationRepository(db.agents).create(new ConversationRecord("i1", "c1", "s-i1", "i1", null, 5, 5,
                    null));
            MessageRepository messages = new MessageRepository(db.agents);
            messages.insertAll(List.of(message("m1", "user", "\"where did the purple elephant go\"", 1_000),
                    message("m2", "assistant", "\"the zebra stayed at the river\"", 9_000)), 9_000);
            MessageSearch search = new MessageSearch(db.agents);
            assertEquals(1, search.find("c1", "purple elephant", 10).size(), "found before");

            messages.deleteOlderThan(5_000, line -> new EventStamp(0, 0));

            assertEquals(List.of(), search.find("c1", "purple elephant", 10), "the deleted prompt is not found");
            assertEquals(List.of(), search.find("c1", "ur", 10), "nor by the short-query scan");
            assertEquals(1, search.find("c1", "zebra stayed", 10).size(), "the kept answer still is");
        }
    }

    private static MessageRecord message(String id, String subtype, String json, long timestamp) {
        return new MessageRecord(id, "s-i1", subtype, subtype, json, timestamp, null);
    }
}
