package io.portagent.auth;

import io.portagent.config.ConfigSource;
import io.portagent.config.ConsoleKeys;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.llm.LlmObserver;
import io.portagent.llm.ModelRouter;
import io.portagent.llm.SwitchableModelProvider;
import io.portagent.store.SettingsRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The settings an admin edits in the console ({@link ConsoleKeys}): stored in portagent.db as the
 * lowest source, under every value the operator set. A change is checked by resolving the whole
 * settings with it, stored in one transaction, then applied live: new provider clients behind the
 * runtime's provider, and the models and limit {@link #current()} gives the policy. Audited as
 * {@code settings_changed} with the key names only.
 */
public final class ConsoleSettings {

    /** How a key is shown: its value ({@link #MASK} for a key that is set), where it comes from, and whether it may be edited. */
    @jakarta.json.bind.annotation.JsonbNillable
    public record Entry(String key, String value, String origin, boolean editable) {
    }

    public static final String MASK = "********";

    private final List<ConfigSource> operator;
    private final SettingsRepository stored;
    private final SwitchableModelProvider llm;
    private final LlmObserver observer;
    private final Audit audit;
    private final Clock clock;
    private final ReentrantLock changes = new ReentrantLock();
    private volatile Settings current;
    private volatile Runnable changed = () -> { };

    public ConsoleSettings(List<ConfigSource> operator, SettingsRepository stored, Settings current,
            SwitchableModelProvider llm, LlmObserver observer, Audit audit, Clock clock) {
        this.operator = List.copyOf(operator);
        this.stored = stored;
        this.current = current;
        this.llm = llm;
        this.observer = observer;
        this.audit = audit;
        this.clock = clock;
    }

    /** The settings of the operator's sources and the stored values, first source wins. */
    public static Settings resolve(List<ConfigSource> operator, Map<String, String> stored) {
        List<ConfigSource> sources = new ArrayList<>(operator);
        sources.add(ConsoleKeys.source(stored));
        return Settings.resolve(sources);
    }

    /** The settings in force now: read at every use by whatever must follow a change. */
    public Settings current() {
        return current;
    }

    /** Every key the console shows, keys masked. */
    public List<Entry> list() {
        Map<String, String> values = stored.all();
        return ConsoleKeys.shown(current.llm(), values.keySet()).stream().map(k -> entry(k, values)).toList();
    }

    /**
     * Applies {@code changes} (a value, or null to remove the stored one) if the settings they make are valid.
     *
     * @throws AuthException invalid input (unknown key, or settings the resolver refuses, with its
     *                       sentence) or conflict (a key the operator set); nothing is stored then
     */
    public List<Entry> change(Actor actor, Map<String, String> changes) {
        this.changes.lock();
        try {
            changes.keySet().forEach(this::checkEditable);
            Map<String, String> next = new LinkedHashMap<>(stored.all());
            changes.forEach((k, v) -> {
                if (v == null || v.isBlank()) {
                    next.remove(k);
                } else {
                    next.put(k, v.strip());
                }
            });
            Settings resolved = resolved(next);
            ModelRouter router = started(resolved, observer);
            try {
                Map<String, String> stripped = new LinkedHashMap<>();
                changes.keySet().forEach(k -> stripped.put(k, next.get(k)));
                stored.apply(stripped, actor.userId(), clock.millis());
            } catch (RuntimeException e) {
                router.close();
                throw e;
            }
            current = resolved;
            llm.switchTo(router);
            audit.record("settings_changed", actor, null, null, Map.of("keys", List.copyOf(changes.keySet())));
            changed.run();
            return list();
        } finally {
            this.changes.unlock();
        }
    }

    /** Runs after every change this node stored (to tell the other nodes). */
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    /**
     * Another node changed the stored settings: this node reads them again and follows (its model
     * clients switched as on a change here). Values it cannot use leave it on the settings it has.
     */
    public void reload() {
        this.changes.lock();
        try {
            Settings resolved = resolve(operator, stored.all());
            ModelRouter router = ModelRouter.start(resolved);
            current = resolved;
            llm.switchTo(router);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ConsoleSettings.class).warn("Settings changed on another node could"
                    + " not be applied here: {}", e.getMessage());
        } finally {
            this.changes.unlock();
        }
    }

    private void checkEditable(String key) {
        if (!ConsoleKeys.editable(key)) {
            throw AuthException.invalidInput(key + " is not a setting the console may change.");
        }
        if (operatorValue(key).isPresent()) {
            throw AuthException.conflict(key + " is set by the operator and cannot be changed here");
        }
    }

    private Settings resolved(Map<String, String> next) {
        try {
            return resolve(operator, next);
        } catch (StartupException e) {
            // the resolver's sentences, without the indented how-to lines meant for the operator's shell
            throw AuthException.invalidInput(e.getMessage().lines().filter(l -> !l.startsWith(" "))
                    .collect(java.util.stream.Collectors.joining(" ")));
        }
    }

    private static ModelRouter started(Settings settings, LlmObserver observer) {
        try {
            return ModelRouter.start(settings, observer);
        } catch (RuntimeException e) {
            throw AuthException.invalidInput("The model providers could not be started: " + e.getMessage());
        }
    }

    private Optional<String> operatorValue(String key) {
        return operator.stream().map(s -> s.get(key)).flatMap(Optional::stream).findFirst();
    }

    private Entry entry(String key, Map<String, String> values) {
        Optional<String> fromOperator = operatorValue(key);
        String origin = fromOperator.isPresent() ? "operator" : values.containsKey(key) ? "console" : "default";
        String value = fromOperator.or(() -> Optional.ofNullable(values.get(key)))
                .or(() -> ConsoleKeys.defaultValue(key)).orElse(null);
        if (ConsoleKeys.secret(key) && value != null) {
            value = value.isBlank() ? null : MASK;
        }
        return new Entry(key, value, origin, fromOperator.isEmpty());
    }
}
