package io.portagent.auth;

import io.portagent.config.SingleSignOn;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.ServiceUnavailableException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LDAP or Active Directory server, asked through JNDI: find the user with the service account
 * (the typed name passed as a filter argument, which JNDI escapes per RFC 4515), bind as the
 * entry found with the typed password, and read the groups naming that entry as a member.
 * Every call opens its own connections and closes them: a sign-in is rare, and a pool would only
 * keep a dead connection after an outage.
 */
final class LdapDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    private static final Pattern NAMED_BY = Pattern.compile("\\(\\s*([A-Za-z][A-Za-z0-9-]*)\\s*=\\s*\\{0\\}\\s*\\)");
    private static final String GROUPS = "(|(member={0})(uniqueMember={0})(memberUid={1}))";
    static final int TIMEOUT_MS = 5000;

    /** A user the directory vouched for: their entry's DN, name, mail, display name and groups (cn and DN, lower case). */
    record Entry(String dn, String username, Optional<String> email, Optional<String> displayName, Set<String> groups) {
    }

    private final SingleSignOn.Ldap config;
    private final String usernameAttribute;

    LdapDirectory(SingleSignOn.Ldap config) {
        this.config = config;
        Matcher m = NAMED_BY.matcher(config.userFilter());
        this.usernameAttribute = m.find() ? m.group(1) : "uid";
    }

    /**
     * The entry of {@code login} when {@code password} binds as it; empty for an unknown user, a
     * wrong password or several entries matching. Throws {@link DirectoryUnavailableException} when
     * the directory cannot answer.
     */
    Optional<Entry> authenticate(String login, String password) {
        if (login.isBlank() || password.isEmpty()) {
            // a simple bind with an empty password is an anonymous bind, which succeeds (RFC 4513 5.1.2)
            return Optional.empty();
        }
        try (LdapConnection service = LdapConnection.open(config, config.bindDn(), config.bindPassword())) {
            Optional<SearchResult> found = findUser(service, login.strip());
            if (found.isEmpty() || !bindsAs(found.get().getNameInNamespace(), password)) {
                return Optional.empty();
            }
            return Optional.of(entry(service, found.get(), login.strip()));
        } catch (AuthenticationException e) {
            throw new DirectoryUnavailableException("The directory refused the service account LDAP_BIND_DN ("
                    + e.getExplanation() + "): check LDAP_BIND_DN and LDAP_BIND_PASSWORD.");
        } catch (NamingException e) {
            throw unavailable(e);
        }
    }

    private Optional<SearchResult> findUser(LdapConnection service, String login) throws NamingException {
        SearchControls controls = controls(usernameAttribute, "mail", "displayName", "cn");
        controls.setCountLimit(2);
        NamingEnumeration<SearchResult> results = service.context().search(config.userBase(), config.userFilter(),
                new Object[] {login}, controls);
        Optional<SearchResult> first = Optional.empty();
        try {
            while (results.hasMore()) {
                SearchResult result = results.next();
                if (first.isPresent()) {
                    LOG.warn("LDAP sign-in of '{}' refused: LDAP_USER_FILTER matches more than one entry", login);
                    return Optional.empty();
                }
                first = Optional.of(result);
            }
        } catch (SizeLimitExceededException e) {
            LOG.warn("LDAP sign-in of '{}' refused: LDAP_USER_FILTER matches more than one entry", login);
            return Optional.empty();
        } catch (PartialResultException e) {
            // Active Directory's referrals to other partitions at the end of a search: the entries came first
            LOG.debug("LDAP search ended with a referral: {}", e.getExplanation());
        } finally {
            results.close();
        }
        return first;
    }

    private boolean bindsAs(String dn, String password) throws NamingException {
        try (LdapConnection ignored = LdapConnection.open(config, Optional.of(dn), Optional.of(password))) {
            return true;
        } catch (AuthenticationException e) {
            return false;
        }
    }

    private Entry entry(LdapConnection service, SearchResult found, String login) throws NamingException {
        Attributes a = found.getAttributes();
        String dn = found.getNameInNamespace();
        String username = first(a, usernameAttribute).orElse(login);
        Optional<String> cn = first(a, "cn");
        return new Entry(dn, username, first(a, "mail"), first(a, "displayName").or(() -> cn),
                groups(service, dn, username));
    }

    private Set<String> groups(LdapConnection service, String dn, String username) throws NamingException {
        Set<String> groups = new HashSet<>();
        if (config.groupBase().isEmpty()) {
            return groups;
        }
        NamingEnumeration<SearchResult> results = service.context().search(config.groupBase().get(), GROUPS,
                new Object[] {dn, username}, controls("cn"));
        try {
            while (results.hasMore()) {
                SearchResult group = results.next();
                groups.add(group.getNameInNamespace().toLowerCase(Locale.ROOT));
                first(group.getAttributes(), "cn").ifPresent(cn -> groups.add(cn.toLowerCase(Locale.ROOT)));
            }
        } catch (PartialResultException e) {
            LOG.debug("LDAP group search ended with a referral: {}", e.getExplanation());
        } finally {
            results.close();
        }
        return groups;
    }

    /** Whether the groups read at sign-in hold LDAP_ADMIN_GROUP (by cn or DN); empty when it is not set. */
    Optional<Boolean> isAdmin(Entry entry) {
        return config.adminGroup().map(g -> entry.groups().contains(g.strip().toLowerCase(Locale.ROOT)));
    }

    private static SearchControls controls(String... attributes) {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(attributes);
        controls.setTimeLimit(TIMEOUT_MS);
        return controls;
    }

    private static Optional<String> first(Attributes attributes, String name) throws NamingException {
        Attribute attribute = attributes.get(name);
        return attribute == null || attribute.size() == 0 ? Optional.empty()
                : Optional.ofNullable(attribute.get()).map(Object::toString).filter(v -> !v.isBlank());
    }

    private DirectoryUnavailableException unavailable(NamingException e) {
        String why = e instanceof CommunicationException || e instanceof ServiceUnavailableException
                ? "cannot reach the directory at " + config.url() : "the directory failed a search";
        Throwable root = e.getRootCause() != null ? e.getRootCause() : e;
        return new DirectoryUnavailableException("LDAP sign-in unavailable: " + why + " (" + root.getClass()
                .getSimpleName() + ": " + root.getMessage() + ")");
    }

    /** The JNDI environment of one connection; simple bind when a DN is given, else anonymous. */
    static Hashtable<String, Object> environment(SingleSignOn.Ldap config) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, config.url().toString());
        env.put(Context.REFERRAL, "ignore");
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(TIMEOUT_MS));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(TIMEOUT_MS * 2));
        return env;
    }
}
