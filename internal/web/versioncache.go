package web

import "sync"

// versionCache keeps what was rendered from one data version (store.DataVersion), by
// address: a new version empties it, and past its bounds (entries, or bytes counting the
// keys, which clients choose) it starts again empty. The page cache and the shared-body
// cache are two of them.
type versionCache[T cacheEntry] struct {
	mu      sync.RWMutex
	version int64
	entries map[string]T
	bytes   int
}

// cacheEntry is what a versionCache keeps: it tells its size and the bounds of its kind.
type cacheEntry interface {
	size() int
	bounds() cacheBounds
}

type cacheBounds struct {
	entries, bytes int
	key            int // the longest key kept; 0: any
}

func (c *versionCache[T]) get(version int64, key string) T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		var none T
		return none
	}
	return c.entries[key]
}

func (c *versionCache[T]) put(version int64, key string, v T) {
	b := v.bounds()
	if b.key > 0 && len(key) > b.key {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // rendered from older data than the cache already holds
	}
	size := len(key) + v.size()
	if old, ok := c.entries[key]; ok && version == c.version {
		c.bytes -= len(key) + old.size()
	}
	if version != c.version || len(c.entries) >= b.entries || c.bytes+size > b.bytes {
		c.version, c.entries, c.bytes = version, map[string]T{}, 0
	}
	c.entries[key] = v
	c.bytes += size
}
