package io.portagent.agent;

import io.portagent.llm.ContentBlock;
import io.portagent.store.AttachmentRecord;
import io.portagent.store.AttachmentRepository;
import io.portagent.store.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files attached to messages: checked (type allowed, bytes of that type, at most
 * {@code ATTACHMENT_MAX_BYTES}), kept in the conversation's workspace under
 * {@code attachments/{attachmentId}/{name}} (so the agent's file tools see them too), bound to
 * the user message that sends them, and read back as content blocks for the model.
 */
public final class Attachments {

    /** Files one message may carry. */
    static final int PER_MESSAGE = 10;
    static final String FOLDER = "attachments";
    private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);

    private final AttachmentRepository store;
    private final Conversations conversations;
    private final Path containersDir;
    private final Clock clock;
    private final long maxBytes;

    Attachments(AttachmentRepository store, Conversations conversations, Path containersDir, Clock clock,
            long maxBytes) {
        this.store = store;
        this.conversations = conversations;
        this.containersDir = containersDir;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** A stored attachment and where its bytes are. */
    public record Stored(Attachment attachment, Path file) {
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Stores a file for a later send; the stream is read up to one byte over the limit. */
    public Attachment upload(Caller caller, String conversationId, String name, String mediaType, InputStream body) {
        Conversation conversation = conversations.require(caller, conversationId);
        AttachmentType type = AttachmentType.require(mediaType);
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new AgentException("invalid_request", "The file could not be read: the upload was cut off.");
        }
        return save(conversation, name, type, bytes);
    }

    /** An attachment of the caller's conversation, to download. */
    public Stored open(Caller caller, String conversationId, String attachmentId) {
        Conversation conversation = conversations.require(caller, conversationId);
        AttachmentRecord record = store.find(conversation.sessionId(), attachmentId)
                .orElseThrow(() -> new AgentException("not_found", "No attachment " + attachmentId));
        Path file = file(conversation, record);
        if (!Files.isRegularFile(file)) {
            throw new AgentException("not_found", "The file \"" + record.name() + "\" is no longer in the workspace.");
        }
        return new Stored(Attachment.of(record), file);
    }

    /** Stores the inline files of a send and returns the ids of all its files, in order. */
    List<String> resolve(Caller caller, Conversation conversation, List<AttachmentRef> refs) {
        if (refs.size() > PER_MESSAGE) {
            throw new AgentException("invalid_request", "A message may carry at most " + PER_MESSAGE + " files.");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (AttachmentRef ref : refs) {
            if (ref instanceof AttachmentRef.Uploaded up) {
                ids.add(up.attachmentId());
            } else {
                AttachmentRef.Inline inline = (AttachmentRef.Inline) ref;
                AttachmentType type = AttachmentType.require(inline.mediaType());
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(inline.base64());
                } catch (IllegalArgumentException e) {
                    throw new AgentException("invalid_request", "\"data\" of \"" + inline.name()
                            + "\" is not base64.");
                }
                ids.add(save(conversation, inline.name(), type, bytes).id());
            }
        }
        return List.copyOf(ids);
    }

    /** Binds the files to the message; refuses ids that are unknown, another conversation's or already sent. */
    List<Attachment> bind(Conversation conversation, List<String> ids, String messageId) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (!AgentException.stored(() -> store.bind(conversation.sessionId(), ids, messageId))) {
            throw new AgentException("attachment_not_found", "An attachment of this message is unknown in this"
                    + " conversation or was already sent; upload it again.");
        }
        return ids.stream().map(id -> store.find(conversation.sessionId(), id).map(Attachment::of).orElseThrow())
                .toList();
    }

    void unbind(String messageId) {
        store.unbind(messageId);
    }

    /**
     * The content blocks of the session's sent attachments, by message, read from the workspace:
     * only those of {@code messages} (the turn's context window), so older files are not read.
     */
    Map<String, List<ContentBlock>> blocks(String sessionId, List<MessageRecord> messages, Path workdir) {
        List<AttachmentRecord> sent = store.sent(sessionId);
        if (sent.isEmpty()) {
            return Map.of(); // most conversations: no set of a long window's message ids to build
        }
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.messageId()));
        Map<String, List<ContentBlock>> out = new HashMap<>();
        for (AttachmentRecord a : sent) {
            if (ids.contains(a.messageId())) {
                out.computeIfAbsent(a.messageId(), k -> new ArrayList<>()).add(block(a, workdir));
            }
        }
        return out;
    }

    private ContentBlock block(AttachmentRecord a, Path workdir) {
        Path file = workdir.resolve(FOLDER).resolve(a.attachmentId()).resolve(a.name());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.debug("Attachment {} is gone from the workspace: {}", a.attachmentId(), e.toString());
            return new ContentBlock.Text("[The attached file \"" + a.name() + "\" is no longer in the workspace.]");
        }
        AttachmentType type = AttachmentType.require(a.mediaType());
        if (type.isImage()) {
            return new ContentBlock.Image(type.mediaType(), Base64.getEncoder().encodeToString(bytes));
        }
        return new ContentBlock.Document(a.name(), type.mediaType(), type.isText()
                ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes));
    }

    private Attachment save(Conversation conversation, String name, AttachmentType type, byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw tooLarge(name);
        }
        if (bytes.length == 0) {
            throw new AgentException("invalid_request", "\"" + name + "\" is empty.");
        }
        type.check(bytes, name);
        AttachmentRecord record = new AttachmentRecord(UUID.randomUUID().toString(), conversation.sessionId(), null,
                safeName(name, type), type.mediaType(), bytes.length, clock.millis());
        Path file = file(conversation, record);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            LOG.warn("An attachment of conversation {} could not be written: {}", conversation.id(), e.toString());
            throw new AgentException("storage_error", "The file could not be saved on the server; try again.");
        }
        AgentException.stored(() -> {
            store.insert(record);
            return null;
        });
        return Attachment.of(record);
    }

    /** The refusal of a file over {@code ATTACHMENT_MAX_BYTES}. */
    public AgentException tooLarge(String name) {
        return new AgentException("attachment_too_large", "\"" + name + "\" is larger than the limit of "
                + limitText() + " a file (ATTACHMENT_MAX_BYTES).");
    }

    private String limitText() {
        return maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MB" : maxBytes + " bytes";
    }

    private Path file(Conversation conversation, AttachmentRecord record) {
        return containersDir.resolve(conversation.containerId()).resolve("workdirs").resolve(conversation.id())
                .resolve(FOLDER).resolve(record.attachmentId()).resolve(record.name());
    }

    /** The file name without any path, control or reserved characters, at most 100 characters. */
    static String safeName(String name, AttachmentType type) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}:*?\"<>|]", "_").strip();
        if (base.length() > 100) {
            base = base.substring(base.length() - 100);
        }
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.')) {
            base = "file." + type.mediaType().substring(type.mediaType().indexOf('/') + 1);
        }
        return base;
    }
}
