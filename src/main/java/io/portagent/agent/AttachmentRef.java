package io.portagent.agent;

import java.util.Objects;

/** How a send names a file: one uploaded before, or the file itself in the frame (base64). */
public sealed interface AttachmentRef permits AttachmentRef.Uploaded, AttachmentRef.Inline {

    record Uploaded(String attachmentId) implements AttachmentRef {
        public Uploaded {
            Objects.requireNonNull(attachmentId, "attachmentId");
        }
    }

    record Inline(String name, String mediaType, String base64) implements AttachmentRef {
        public Inline {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(base64, "base64");
        }
    }
}
