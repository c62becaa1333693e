package io.herald.router.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB memory for every store of the JVM: one shared LRU block cache, with memtables
 * charged to it through one write-buffer manager, and index/filter blocks cached (and so counted)
 * too. Without this each store segment allocates its own cache and memtables and memory grows with
 * the number of stores and partitions.
 */
public final class RocksDbMemory implements RocksDBConfigSetter {
    public static final String CACHE_BYTES_CONFIG = "herald.rocksdb.cache.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "herald.rocksdb.write.buffer.bytes";
    private static final long DEFAULT_CACHE = 64L * 1024 * 1024;
    private static final long DEFAULT_WRITE_BUFFER = 32L * 1024 * 1024;

    private static Cache cache;
    private static long capacity;
    private static WriteBufferManager writeBufferManager;

    /**
     * What the shared cache holds now (blocks, index and filter blocks, and the memtables charged to it) and its
     * configured capacity, or empty before the first store opened. For benchmarks and health pages: the bound holds
     * when usage stays at or under capacity (RocksDB may briefly exceed it by pinned blocks, reported here too).
     */
    public static synchronized java.util.Optional<Usage> usage() {
        if (cache == null) return java.util.Optional.empty();
        return java.util.Optional.of(new Usage(cache.getUsage(), cache.getPinnedUsage(), capacity));
    }

    /** Bytes held by the shared block cache, of them pinned, and its configured capacity. */
    public record Usage(long bytes, long pinnedBytes, long capacityBytes) {
    }

    /** The shared objects are created once per JVM, with the first store's settings. */
    private static synchronized void init(long cacheBytes, long writeBufferBytes) {
        if (cache != null) return;
        cache = new LRUCache(cacheBytes, -1, false, 0.1);
        capacity = cacheBytes;
        writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(bytes(configs.get(CACHE_BYTES_CONFIG), DEFAULT_CACHE), bytes(configs.get(WRITE_BUFFER_BYTES_CONFIG), DEFAULT_WRITE_BUFFER));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and manager are shared by every store: never close them here.
    }

    private static long bytes(Object value, long fallback) {
        if (value == null) return fallback;
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }
}
