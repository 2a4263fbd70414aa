package io.portagent.agent;

import io.portagent.store.DiskFullException;
import io.portagent.store.StoreException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Why a turn could not store or read what it needed: the code and sentence its user gets, and the cause. */
record StorageFailure(String code, String text, Throwable cause) {

    static final String NOT_SAVED = "Your conversation could not be saved. Everything saved before is safe;"
            + " try again later.";
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailure.class);

    static StorageFailure of(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DiskFullException) {
            return new StorageFailure("storage_full", DiskFullException.USER_MESSAGE, cause);
        }
        if (cause instanceof StoreException) {
            return new StorageFailure("storage_error", NOT_SAVED, cause);
        }
        return new StorageFailure("internal_error", "Something went wrong on the server; it has been logged.", cause);
    }

    /** Tells the operator, except of a full disk: the database has said that once already. */
    StorageFailure log(String turnId, String what) {
        if (cause instanceof StoreException && !(cause instanceof DiskFullException)) {
            LOG.error("Turn {}: {}: {}", turnId, what, cause.toString());
        } else if (!(cause instanceof StoreException)) {
            LOG.error("Turn {}: {}", turnId, what, cause);
        }
        return this;
    }
}
