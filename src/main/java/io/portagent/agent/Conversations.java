package io.portagent.agent;

import io.portagent.store.ImageRecord;
import io.portagent.store.ImageRepository;
import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's conversations: list, create, rename, delete, history. Every call takes the caller and
 * looks only inside their container, so another user's id is "not found", exactly like a
 * missing one.
 */
public final class Conversations {

    public static final String DEFAULT_NAME = "New Conversation";
    static final int NAME_MAX = 200;
    static final int SYSTEM_PROMPT_MAX = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);

    private final ImageRepository images;
    private final MessageRepository messages;
    private final Path containersDir;
    private final Clock clock;

    public Conversations(ImageRepository images, MessageRepository messages, Path containersDir, Clock clock) {
        this.images = images;
        this.messages = messages;
        this.containersDir = containersDir;
        this.clock = clock;
    }

    public List<ImageRecord> list(Caller caller) {
        return images.list(caller.containerId());
    }

    public ImageRecord create(Caller caller, Optional<String> name, Optional<String> systemPrompt) {
        String title = name.map(String::strip).filter(n -> !n.isEmpty()).orElse(DEFAULT_NAME);
        checkName(title);
        systemPrompt.filter(p -> p.length() > SYSTEM_PROMPT_MAX).ifPresent(p -> {
            throw new AgentException("invalid_request", "systemPrompt must be at most " + SYSTEM_PROMPT_MAX
                    + " characters");
        });
        long now = clock.millis();
        ImageRecord image = new ImageRecord(UUID.randomUUID().toString(), caller.containerId(),
                UUID.randomUUID().toString(), title, systemPrompt.orElse(null), now, now);
        images.create(image);
        return image;
    }

    public ImageRecord rename(Caller caller, String imageId, String name) {
        String title = name == null ? "" : name.strip();
        if (title.isEmpty()) {
            throw new AgentException("invalid_request", "name must not be empty");
        }
        checkName(title);
        if (!images.rename(caller.containerId(), imageId, title, clock.millis())) {
            throw AgentException.notFound(imageId);
        }
        return require(caller, imageId);
    }

    /** Deletes the conversation, its session and messages, and its working directory. */
    public void delete(Caller caller, String imageId) {
        if (!images.delete(caller.containerId(), imageId)) {
            throw AgentException.notFound(imageId);
        }
        deleteTree(containersDir.resolve(caller.containerId()).resolve("workdirs").resolve(imageId));
    }

    public ImageRecord require(Caller caller, String imageId) {
        if (imageId == null || imageId.isBlank()) {
            throw new AgentException("invalid_request", "\"imageId\" is required");
        }
        return images.find(caller.containerId(), imageId).orElseThrow(() -> AgentException.notFound(imageId));
    }

    public List<MessageRecord> history(Caller caller, String imageId) {
        return messages.history(require(caller, imageId).sessionId());
    }

    /** The stored messages with the seq they reflect: subscribe with that as afterSeq to continue without gap. */
    public MessageRepository.Snapshot snapshot(Caller caller, String imageId) {
        return messages.snapshot(require(caller, imageId).sessionId());
    }

    private static void checkName(String name) {
        if (name.length() > NAME_MAX) {
            throw new AgentException("invalid_request", "name must be at most " + NAME_MAX + " characters");
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the working directory {}: {}", dir, e.getMessage());
        }
    }
}
