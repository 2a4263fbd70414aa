package io.portagent.agent;

import io.portagent.store.ConversationRecord;
import io.portagent.store.ConversationRepository;
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

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Path containersDir;
    private final Clock clock;

    Conversations(ConversationRepository conversations, MessageRepository messages, Path containersDir, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.containersDir = containersDir;
        this.clock = clock;
    }

    /** Most recent activity first. */
    public List<Conversation> list(Caller caller) {
        return conversations.list(caller.containerId()).stream().map(Conversation::of).toList();
    }

    public Conversation create(Caller caller, Optional<String> name, Optional<String> systemPrompt) {
        String title = name.map(String::strip).filter(n -> !n.isEmpty()).orElse(DEFAULT_NAME);
        checkName(title);
        systemPrompt.filter(p -> p.length() > SYSTEM_PROMPT_MAX).ifPresent(p -> {
            throw new AgentException("invalid_request", "systemPrompt must be at most " + SYSTEM_PROMPT_MAX
                    + " characters");
        });
        long now = clock.millis();
        ConversationRecord created = new ConversationRecord(UUID.randomUUID().toString(), caller.containerId(),
                UUID.randomUUID().toString(), title, systemPrompt.orElse(null), now, now);
        AgentException.stored(() -> {
            conversations.create(created);
            return created;
        });
        return Conversation.of(created);
    }

    public Conversation rename(Caller caller, String conversationId, String name) {
        String title = name == null ? "" : name.strip();
        if (title.isEmpty()) {
            throw new AgentException("invalid_request", "name must not be empty");
        }
        checkName(title);
        if (!AgentException.stored(() -> conversations.rename(caller.containerId(), conversationId, title,
                clock.millis()))) {
            throw AgentException.notFound(conversationId);
        }
        return require(caller, conversationId);
    }

    /** Deletes the conversation, its session and messages, and its working directory. */
    void delete(Caller caller, String conversationId) {
        if (!AgentException.stored(() -> conversations.delete(caller.containerId(), conversationId))) {
            throw AgentException.notFound(conversationId);
        }
        deleteTree(containersDir.resolve(caller.containerId()).resolve("workdirs").resolve(conversationId));
    }

    public Conversation require(Caller caller, String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw new AgentException("invalid_request", "\"imageId\" is required");
        }
        return conversations.find(caller.containerId(), conversationId).map(Conversation::of)
                .orElseThrow(() -> AgentException.notFound(conversationId));
    }

    public List<Message> history(Caller caller, String conversationId) {
        return messages.history(require(caller, conversationId).sessionId()).stream().map(Message::of).toList();
    }

    /** The stored messages with the seq they reflect: subscribe with that as afterSeq to continue without gap. */
    public History snapshot(Caller caller, String conversationId) {
        MessageRepository.Snapshot snapshot = messages.snapshot(require(caller, conversationId).sessionId());
        return new History(snapshot.messages().stream().map(Message::of).toList(), snapshot.lastSeq());
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
