package io.portagent.auth;

import io.portagent.store.ContainerRepository;
import io.portagent.store.UserRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What each user stores: conversations and messages in agentx.db, and bytes of workspace files on disk. */
public final class StorageReport {

    /** One user's storage. */
    public record UserStorage(String userId, String username, int conversations, int messages, long workspaceBytes) {
    }

    /** Every user's, largest workspace first, and the total. */
    public record Report(List<UserStorage> users, long totalWorkspaceBytes) {
    }

    private final AccountStores stores;
    private final Workspaces workspaces;

    public StorageReport(AccountStores stores) {
        this.stores = stores;
        this.workspaces = new Workspaces(stores.containersDir());
    }

    public Report report() {
        Map<String, ContainerRepository.Usage> usage = stores.containers().usage().stream()
                .collect(Collectors.toMap(ContainerRepository.Usage::containerId, Function.identity()));
        List<UserStorage> users = stores.users().all().stream().map(u -> of(u, usage.get(u.containerId())))
                .sorted(Comparator.comparingLong(UserStorage::workspaceBytes).reversed()
                        .thenComparing(UserStorage::username))
                .toList();
        return new Report(users, users.stream().mapToLong(UserStorage::workspaceBytes).sum());
    }

    private UserStorage of(UserRecord user, ContainerRepository.Usage usage) {
        return new UserStorage(user.userId(), user.username(), usage == null ? 0 : usage.conversations(),
                usage == null ? 0 : usage.messages(), workspaces.bytes(user.containerId()));
    }
}
