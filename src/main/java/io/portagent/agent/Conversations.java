package io.portagent.agent;

import io.portagent.config.Providers.ModelChoice;
import io.portagent.store.AttachmentRepository;
import io.portagent.store.ConversationRecord;
import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.TurnUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
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
    private final AttachmentRepository attachments;
    private final TurnRepository turns;
    private final ModelPolicy policy;
    private final Path containersDir;
    private final Clock clock;

    Conversations(ConversationRepository conversations, MessageRepository messages, TurnRepository turns,
            AttachmentRepository attachments, ModelPolicy policy, Path containersDir, Clock clock) {
        this.conversations = conversations;
        this.attachments = attachments;
        this.messages = messages;
        this.turns = turns;
        this.policy = policy;
        this.containersDir = containersDir;
        this.clock = clock;
    }

    /** Most recent activity first. */
    public List<Conversation> list(Caller caller) {
        String defaultModel = defaultModelId(caller);
        return conversations.list(caller.containerId()).stream().map(r -> Conversation.of(r, defaultModel)).toList();
    }

    /** One page of the list and the cursor of the next (null when this is the last). */
    public record Page(List<Conversation> conversations, String nextCursor) {
    }

    /**
     * Up to {@code limit} conversations, most recent activity first, after the page {@code cursor}
     * ended (null: the first page). The cursor is opaque to clients; one that does not parse is
     * refused. A conversation active while a client pages moves to the top, so it can appear on
     * two pages or on none: the live notices (image_updated) are how a client keeps up.
     */
    public Page page(Caller caller, String cursor, int limit) {
        String defaultModel = defaultModelId(caller);
        ConversationRepository.Page page = conversations.page(caller.containerId(), ListCursor.decode(cursor), limit);
        return new Page(page.conversations().stream().map(r -> Conversation.of(r, defaultModel)).toList(),
                ListCursor.encode(page.next()));
    }

    /** The models this user may choose, their default first; none when their groups allow none. */
    public List<ModelChoice> models(Caller caller) {
        return policy.models(caller);
    }

    /** What this user may use, their groups read once (see {@link ModelPolicy#allowance}). */
    ModelPolicy.Allowance allowance(Caller caller) {
        return policy.allowance(caller);
    }

    /** What a conversation that names no model uses: this user's default, or null when they may use none. */
    private String defaultModelId(Caller caller) {
        return models(caller).stream().findFirst().map(ModelChoice::id).orElse(null);
    }

    private ModelChoice defaultModel(Caller caller) {
        return first(models(caller));
    }

    private static ModelChoice first(List<ModelChoice> models) {
        return models.stream().findFirst().orElseThrow(() -> new AgentException("model_not_allowed",
                "Your groups allow none of this service's models; ask an administrator."));
    }

    /** The model {@code id} names, if this user may use it; a sentence saying which they may otherwise. */
    ModelChoice allowed(Caller caller, String id) {
        return allowed(models(caller), id);
    }

    /** As above, of the models a user may use ({@code models}, their default first). */
    static ModelChoice allowed(List<ModelChoice> models, String id) {
        if (id == null || models.isEmpty()) {
            return first(models);
        }
        return models.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(() -> new AgentException(
                "model_not_allowed", "The model " + id + " is not one you may use. Choose one of: "
                        + models.stream().map(ModelChoice::id).collect(Collectors.joining(", ")) + "."));
    }

    public Conversation create(Caller caller, Optional<String> name, Optional<String> systemPrompt) {
        return create(caller, name, systemPrompt, Optional.empty());
    }

    /** A new conversation using {@code model}, or this user's default model. */
    public Conversation create(Caller caller, Optional<String> name, Optional<String> systemPrompt,
            Optional<String> model) {
        String title = name.map(String::strip).filter(n -> !n.isEmpty()).orElse(DEFAULT_NAME);
        checkName(title);
        systemPrompt.filter(p -> p.length() > SYSTEM_PROMPT_MAX).ifPresent(p -> {
            throw new AgentException("invalid_request", "systemPrompt must be at most " + SYSTEM_PROMPT_MAX
                    + " characters");
        });
        String chosen = model.map(id -> allowed(caller, id)).orElseGet(() -> defaultModel(caller)).id();
        long now = clock.millis();
        ConversationRecord created = new ConversationRecord(UUID.randomUUID().toString(), caller.containerId(),
                UUID.randomUUID().toString(), title, systemPrompt.orElse(null), now, now, chosen);
        AgentException.stored(() -> {
            conversations.create(created);
            return created;
        });
        return Conversation.of(created, chosen);
    }

    /**
     * A JSON export brought back as a new conversation: its name, prompt and model (the caller's
     * default when the model is not one they may use), its messages checked and stored together.
     */
    public Conversation importConversation(Caller caller, Optional<String> name, Optional<String> systemPrompt,
            Optional<String> model, List<ImportedMessage> imported) {
        List<MessageRecord> checked = Imports.records("", imported); // refused before anything is stored
        Optional<String> usable = model.filter(id -> models(caller).stream().anyMatch(m -> m.id().equals(id)));
        Conversation created = create(caller, name, systemPrompt, usable);
        List<MessageRecord> records = checked.stream().map(r -> new MessageRecord(r.messageId(), created.sessionId(),
                r.role(), r.subtype(), r.content(), r.timestamp(), null)).toList();
        AgentException.stored(() -> {
            messages.insertAll(records, clock.millis());
            return records;
        });
        return require(caller, created.id());
    }

    public Conversation rename(Caller caller, String conversationId, String name) {
        return update(caller, conversationId, Optional.ofNullable(name).or(() -> Optional.of("")), Optional.empty());
    }

    /** Renames the conversation, changes its model, or both; at least one must be given. */
    public Conversation update(Caller caller, String conversationId, Optional<String> name, Optional<String> model) {
        require(caller, conversationId);
        if (name.isEmpty() && model.isEmpty()) {
            throw new AgentException("invalid_request", "\"name\" or \"model\" is required");
        }
        Optional<String> title = name.map(String::strip);
        if (title.filter(String::isEmpty).isPresent()) {
            throw new AgentException("invalid_request", "name must not be empty");
        }
        title.ifPresent(Conversations::checkName);
        Optional<String> chosen = model.map(id -> allowed(caller, id).id());
        long now = clock.millis();
        boolean found = AgentException.stored(() -> title.map(t -> conversations.rename(caller.containerId(),
                conversationId, t, now)).orElse(true) && chosen.map(m -> conversations.changeModel(
                caller.containerId(), conversationId, m, now)).orElse(true));
        if (!found) {
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
        return conversations.find(caller.containerId(), conversationId)
                .map(r -> Conversation.of(r, r.model() == null ? defaultModelId(caller) : r.model()))
                .orElseThrow(() -> AgentException.notFound(conversationId));
    }

    public List<Message> history(Caller caller, String conversationId) {
        return snapshot(caller, conversationId).messages();
    }

    /**
     * The stored messages with the seq they reflect (subscribe with that as afterSeq to continue
     * without gap), each answer with the model that wrote it, and the tokens of the last turn.
     */
    public History snapshot(Caller caller, String conversationId) {
        String sessionId = require(caller, conversationId).sessionId();
        List<TurnUse> uses = turns.uses(sessionId);
        Map<String, String> models = new HashMap<>();
        uses.stream().filter(u -> u.model() != null).forEach(u -> models.put(u.turnId(), u.model()));
        MessageRepository.Snapshot snapshot = messages.snapshot(sessionId);
        Map<String, List<Attachment>> files = new HashMap<>();
        attachments.sent(sessionId).forEach(a -> files.computeIfAbsent(a.messageId(), k -> new ArrayList<>())
                .add(Attachment.of(a)));
        List<Message> stored = snapshot.messages().stream().map(m -> Message.of(m, models.get(m.turnId()),
                files.getOrDefault(m.messageId(), List.of()))).toList();
        Optional<History.Usage> last = uses.stream().filter(u -> u.inputTokens() + u.outputTokens() > 0)
                .reduce((first, second) -> second).map(u -> new History.Usage(u.inputTokens(), u.outputTokens()));
        List<History.Turn> ended = uses.stream().map(u -> new History.Turn(u.turnId(), u.status(),
                new History.Usage(u.inputTokens(), u.outputTokens()), u.stopCause())).toList();
        return new History(stored, snapshot.lastSeq(), last, ended);
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
