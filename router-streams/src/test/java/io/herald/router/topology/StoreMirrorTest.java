package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class StoreMirrorTest {
    /** Every call reaching the store, as "method key". */
    private final List<String> calls = new ArrayList<>();
    private final KeyValueStore<String, String> real = inMemory();
    private final KeyValueStore<String, String> store = counting(real);

    @Test
    void aValueWrittenThroughTheMirrorIsReadBackWithoutAskingTheStore() {
        StoreMirror<String> mirror = new StoreMirror<>(store, 10);
        mirror.put("a", "1");
        calls.clear();
        assertThat(mirror.get("a")).isEqualTo("1");
        assertThat(calls).isEmpty();
    }

    @Test
    void aValueReadFromTheStoreOnceIsRememberedAfterwards() {
        real.put("a", "1");
        StoreMirror<String> mirror = new StoreMirror<>(store, 10);
        assertThat(mirror.get("a")).isEqualTo("1");
        assertThat(mirror.get("a")).isEqualTo("1");
        assertThat(calls).containsExactly("get a");
    }

    @Test
    void writingTheValueTheStoreHoldsAlreadyWritesNothing() {
        StoreMirror<String> mirror = new StoreMirror<>(store, 10);
        assertThat(mirror.put("a", "1")).isTrue();
        assertThat(mirror.put("a", "1")).isFalse();
        assertThat(mirror.put("a", "2")).isTrue();
        assertThat(calls).containsExactly("put a", "put a");
        assertThat(real.get("a")).isEqualTo("2");
    }

    @Test
    void aKeyNotRememberedIsWrittenEvenWhenTheStoreMightHoldTheSameValue() {
        real.put("a", "1");
        StoreMirror<String> mirror = new StoreMirror<>(store, 10);
        assertThat(mirror.put("a", "1")).isTrue();
        assertThat(calls).containsExactly("put a");
    }

    @Test
    void aDeletedKeyIsGoneFromTheMirrorAndTheStore() {
        StoreMirror<String> mirror = new StoreMirror<>(store, 10);
        mirror.put("a", "1");
        mirror.delete("a");
        assertThat(mirror.get("a")).isNull();
        assertThat(real.get("a")).isNull();
        assertThat(mirror.put("a", "1")).isTrue();
    }

    @Test
    void theLeastRecentlyUsedKeyIsForgottenFirstAndReadFromTheStoreAgain() {
        StoreMirror<String> mirror = new StoreMirror<>(store, 2);
        mirror.put("a", "1");
        mirror.put("b", "2");
        mirror.get("a");
        mirror.put("c", "3"); // b is the least recently used
        calls.clear();
        assertThat(mirror.get("a")).isEqualTo("1");
        assertThat(mirror.get("c")).isEqualTo("3");
        assertThat(calls).isEmpty();
        assertThat(mirror.get("b")).isEqualTo("2");
        assertThat(calls).containsExactly("get b");
    }

    @Test
    void aNewMirrorRemembersNothingOfWhatTheStoreNoLongerHolds() {
        StoreMirror<String> before = new StoreMirror<>(store, 10);
        before.put("a", "1");
        real.put("a", "0"); // the store rolled back under the processor (a revived task)
        StoreMirror<String> after = new StoreMirror<>(store, 10);
        assertThat(after.get("a")).isEqualTo("0");
        assertThat(after.put("a", "1")).isTrue();
    }

    private static KeyValueStore<String, String> inMemory() {
        KeyValueStore<String, String> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("mirror-test"),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        s.init(context.getStateStoreContext(), s);
        return s;
    }

    @SuppressWarnings("unchecked")
    private KeyValueStore<String, String> counting(KeyValueStore<String, String> delegate) {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (List.of("get", "put", "delete").contains(method.getName())) calls.add(method.getName() + " " + args[0]);
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
