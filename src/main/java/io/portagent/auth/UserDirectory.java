package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository;
import io.portagent.store.AccountRepository.GroupRef;
import io.portagent.store.UserRecord;
import java.util.List;
import java.util.Map;

/** Reading accounts for admins: a searched, sorted page of users, one user's detail, the admins. */
public final class UserDirectory {

    public static final int MAX_LIMIT = 200;

    /** A page of users and how many match in all. */
    public record Page(List<AdminUser> users, int total) {
    }

    private final AccountStores stores;
    private final AccountRoles roles;
    private final Workspaces workspaces;

    public UserDirectory(AccountStores stores, AccountRoles roles) {
        this.stores = stores;
        this.roles = roles;
        this.workspaces = new Workspaces(stores.containersDir());
    }

    /** {@code sort}: username, lastLoginAt or createdAt; {@code order}: asc or desc; limit 1-200. */
    public Page page(String query, String sort, String order, int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AuthException.invalidInput("limit must be from 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw AuthException.invalidInput("offset must be 0 or more");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw AuthException.invalidInput("order must be asc or desc");
        }
        AccountRepository.Page page = stores.accounts().page(query.strip(), sort(sort), order.equals("desc"), offset,
                limit);
        return new Page(views(page.accounts()), page.total());
    }

    private static AccountRepository.Sort sort(String sort) {
        return switch (sort) {
            case "username" -> AccountRepository.Sort.USERNAME;
            case "lastLoginAt" -> AccountRepository.Sort.LAST_LOGIN_AT;
            case "createdAt" -> AccountRepository.Sort.CREATED_AT;
            default -> throw AuthException.invalidInput("sort must be username, lastLoginAt or createdAt");
        };
    }

    /** One user with their conversation count and the bytes of their files; 404 when unknown. */
    public AdminUser get(String userId) {
        AccountRecord account = find(userId);
        String containerId = account.user().containerId();
        return view(account).withUsage(stores.containers().usage(containerId).conversations(),
                workspaces.bytes(containerId));
    }

    AccountRecord find(String userId) {
        return stores.accounts().find(userId).orElseThrow(() -> AuthException.notFound("No user '" + userId + "'"));
    }

    /** By username (any case) or email, for the command line; 404 when unknown. */
    public AdminUser named(String name) {
        return stores.users().findByLogin(name).map(UserRecord::userId).flatMap(stores.accounts()::find)
                .map(this::view).orElseThrow(() -> AuthException.notFound("No user '" + name
                        + "' (a username or an email; see them with: users list)"));
    }

    public int activeAdmins() {
        return stores.accounts().activeAdmins(roles.adminNames());
    }

    AdminUser view(AccountRecord account) {
        return views(List.of(account)).get(0);
    }

    List<AdminUser> views(List<AccountRecord> accounts) {
        Map<String, List<GroupRef>> groups = stores.accounts().groupsOf(accounts.stream()
                .map(AccountRecord::userId).toList());
        return accounts.stream().map(a -> AdminUser.of(a, roles.of(a), groups.getOrDefault(a.userId(), List.of())))
                .toList();
    }
}
