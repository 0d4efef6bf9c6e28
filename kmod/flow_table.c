// SPDX-License-Identifier: GPL-2.0
/*
 * flow_table.c - the flow table of a datapath: a key table hashed by the
 * masked key, a UFID table, one list of masks that a packet tries in turn,
 * and openvswitch.ko's per-CPU mask cache (skb hash -> mask index), so
 * that the megaflow statistics count what openvswitch.ko counts.
 *
 * Both tables have a fixed number of buckets; the number of flows is
 * bounded (VDP_FLOW_MAX).  Writers hold vdp_mutex; readers use RCU.
 */

#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "datapath.h"
#include "flow.h"

#define MASK_ARRAY_MIN	16
#define MC_HASH_SHIFT	8
#define MC_HASH_SEGS	(32 / MC_HASH_SHIFT)

static struct vdp_mask_array *mask_array_alloc(int max)
{
	struct vdp_mask_array *ma;

	ma = kzalloc(struct_size(ma, masks, max), GFP_KERNEL_ACCOUNT);
	if (ma)
		ma->max = max;
	return ma;
}

static struct vdp_mask_cache *mask_cache_alloc(u32 size)
{
	struct vdp_mask_cache *mc;

	mc = kzalloc(sizeof(*mc), GFP_KERNEL_ACCOUNT);
	if (!mc)
		return NULL;
	mc->size = size;
	if (size) {
		mc->entries = __alloc_percpu_gfp(size * sizeof(struct vdp_mask_cache_entry),
						 __alignof__(struct vdp_mask_cache_entry),
						 GFP_KERNEL_ACCOUNT | __GFP_ZERO);
		if (!mc->entries) {
			kfree(mc);
			return NULL;
		}
	}
	return mc;
}

static void mask_cache_free(struct vdp_mask_cache *mc)
{
	free_percpu(mc->entries);
	kfree(mc);
}

static void mask_cache_free_rcu(struct rcu_head *rcu)
{
	mask_cache_free(container_of(rcu, struct vdp_mask_cache, rcu));
}

int vdp_flow_tbl_init(struct vdp_flow_table *tbl, u32 cache_size)
{
	struct vdp_mask_array *ma;
	struct vdp_mask_cache *mc;
	int i;

	tbl->buckets = kvmalloc_array(VDP_FLOW_BUCKETS, sizeof(*tbl->buckets),
				      GFP_KERNEL_ACCOUNT);
	tbl->ufid_buckets = kvmalloc_array(VDP_FLOW_BUCKETS,
					   sizeof(*tbl->ufid_buckets),
					   GFP_KERNEL_ACCOUNT);
	ma = mask_array_alloc(MASK_ARRAY_MIN);
	mc = mask_cache_alloc(cache_size);
	if (!tbl->buckets || !tbl->ufid_buckets || !ma || !mc) {
		kvfree(tbl->buckets);
		kvfree(tbl->ufid_buckets);
		kfree(ma);
		if (mc)
			mask_cache_free(mc);
		tbl->buckets = tbl->ufid_buckets = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < VDP_FLOW_BUCKETS; i++) {
		INIT_HLIST_HEAD(&tbl->buckets[i]);
		INIT_HLIST_HEAD(&tbl->ufid_buckets[i]);
	}
	RCU_INIT_POINTER(tbl->masks, ma);
	RCU_INIT_POINTER(tbl->cache, mc);
	tbl->count = 0;
	return 0;
}

/* After a grace period, with the table flushed (or never used). */
void vdp_flow_tbl_destroy(struct vdp_flow_table *tbl)
{
	struct vdp_mask_cache *mc = rcu_dereference_raw(tbl->cache);

	kvfree(tbl->buckets);
	kvfree(tbl->ufid_buckets);
	kfree(rcu_dereference_raw(tbl->masks));
	if (mc)
		mask_cache_free(mc);
}

/* Called with vdp_mutex. */
int vdp_flow_tbl_cache_resize(struct vdp_flow_table *tbl, u32 size)
{
	struct vdp_mask_cache *old = vdpl_dereference(tbl->cache), *mc;

	if (old && old->size == size)
		return 0;
	mc = mask_cache_alloc(size);
	if (!mc)
		return -ENOMEM;
	rcu_assign_pointer(tbl->cache, mc);
	if (old)
		call_rcu(&old->rcu, mask_cache_free_rcu);
	return 0;
}

/* Must be called with rcu_read_lock or vdp_mutex. */
int vdp_flow_tbl_n_masks(const struct vdp_flow_table *tbl)
{
	return READ_ONCE(rcu_dereference_vdpl(tbl->masks)->count);
}

void vdp_flow_mask_key(struct vdp_flow_key *dst, const struct vdp_flow_key *src,
		       const struct vdp_flow_key *mask)
{
	const u64 *s = (const u64 *)src, *m = (const u64 *)mask;
	u64 *d = (u64 *)dst;
	int i;

	for (i = 0; i < VDP_KEY_WORDS; i++)
		d[i] = s[i] & m[i];
}

static u32 key_hash(const struct vdp_flow_key *key,
		    const struct vdp_flow_mask *mask)
{
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32),
		      (u32)(unsigned long)mask);
}

static struct hlist_head *key_bucket(struct vdp_flow_table *tbl, u32 hash)
{
	return &tbl->buckets[hash & (VDP_FLOW_BUCKETS - 1)];
}

static struct hlist_head *ufid_bucket(struct vdp_flow_table *tbl,
				      const u8 *ufid, u8 len)
{
	return &tbl->ufid_buckets[jhash(ufid, len, 0) & (VDP_FLOW_BUCKETS - 1)];
}

static bool keys_equal(const struct vdp_flow_key *a, const struct vdp_flow_key *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* The flow with @mask whose masked key equals @key masked, or NULL. */
static struct vdp_flow *masked_lookup(struct vdp_flow_table *tbl,
				      const struct vdp_flow_key *key,
				      const struct vdp_flow_mask *mask,
				      u32 *n_mask_hit)
{
	struct vdp_flow_key masked;
	struct vdp_flow *flow;

	vdp_flow_mask_key(&masked, key, &mask->key);
	(*n_mask_hit)++;
	hlist_for_each_entry_rcu(flow, key_bucket(tbl, key_hash(&masked, mask)),
				 node, lockdep_is_held(&vdp_mutex))
		if (flow->mask == mask && keys_equal(&flow->key, &masked))
			return flow;
	return NULL;
}

/*
 * Try the mask at *@index first (a cache hit if it matches), then the
 * others in order; *@index becomes the mask that matched.
 */
static struct vdp_flow *flow_lookup(struct vdp_flow_table *tbl,
				    struct vdp_mask_array *ma,
				    const struct vdp_flow_key *key,
				    u32 *n_mask_hit, u32 *n_cache_hit,
				    u32 *index)
{
	struct vdp_flow_mask *mask;
	struct vdp_flow *flow;
	int i;

	if (*index < ma->max) {
		mask = rcu_dereference_vdpl(ma->masks[*index]);
		if (mask) {
			flow = masked_lookup(tbl, key, mask, n_mask_hit);
			if (flow) {
				(*n_cache_hit)++;
				return flow;
			}
		}
	}
	for (i = 0; i < ma->max; i++) {
		if (i == *index)
			continue;
		mask = rcu_dereference_vdpl(ma->masks[i]);
		if (!mask)
			break;
		flow = masked_lookup(tbl, key, mask, n_mask_hit);
		if (flow) {
			*index = i;
			return flow;
		}
	}
	return NULL;
}

/**
 * vdp_flow_tbl_lookup_stats - look up a packet's key
 * @tbl: the table.
 * @key: the packet's key.
 * @skb_hash: the packet's hash (0 for none: no cache).
 * @n_mask_hit: set to the number of masks tried.
 * @n_cache_hit: set to 1 if the cached mask matched.
 *
 * Called under RCU with bottom halves disabled (the cache is per CPU).
 */
struct vdp_flow *vdp_flow_tbl_lookup_stats(struct vdp_flow_table *tbl,
					   const struct vdp_flow_key *key,
					   u32 skb_hash, u32 *n_mask_hit,
					   u32 *n_cache_hit)
{
	struct vdp_mask_cache *mc = rcu_dereference(tbl->cache);
	struct vdp_mask_array *ma = rcu_dereference(tbl->masks);
	struct vdp_mask_cache_entry *entries, *ce = NULL;
	struct vdp_flow *flow;
	u32 hash = skb_hash;
	int seg;

	*n_mask_hit = 0;
	*n_cache_hit = 0;
	if (!skb_hash || !mc->size) {
		u32 index = 0, cache = 0;

		return flow_lookup(tbl, ma, key, n_mask_hit, &cache, &index);
	}

	entries = this_cpu_ptr(mc->entries);
	for (seg = 0; seg < MC_HASH_SEGS; seg++) {
		struct vdp_mask_cache_entry *e = &entries[hash & (mc->size - 1)];

		if (e->skb_hash == skb_hash) {
			flow = flow_lookup(tbl, ma, key, n_mask_hit, n_cache_hit,
					   &e->mask_index);
			if (!flow)
				e->skb_hash = 0;
			return flow;
		}
		if (!ce || e->skb_hash < ce->skb_hash)
			ce = e;
		hash >>= MC_HASH_SHIFT;
	}

	flow = flow_lookup(tbl, ma, key, n_mask_hit, n_cache_hit, &ce->mask_index);
	if (flow)
		ce->skb_hash = skb_hash;
	*n_cache_hit = 0;
	return flow;
}

/* A flow that @key (unmasked) would hit.  rcu_read_lock or vdp_mutex. */
struct vdp_flow *vdp_flow_tbl_lookup(struct vdp_flow_table *tbl,
				     const struct vdp_flow_key *key)
{
	struct vdp_mask_array *ma = rcu_dereference_vdpl(tbl->masks);
	u32 n_mask_hit, n_cache_hit = 0, index = 0;

	return flow_lookup(tbl, ma, key, &n_mask_hit, &n_cache_hit, &index);
}

/*
 * The key-identified flow whose unmasked key is @key, as openvswitch.ko's
 * lookup of a DEL, GET or SET by key.  rcu_read_lock or vdp_mutex.
 */
struct vdp_flow *vdp_flow_tbl_lookup_exact(struct vdp_flow_table *tbl,
					   const struct vdp_flow_key *key)
{
	struct vdp_mask_array *ma = rcu_dereference_vdpl(tbl->masks);
	u32 n_mask_hit = 0;
	int i;

	for (i = 0; i < ma->max; i++) {
		struct vdp_flow_mask *mask = rcu_dereference_vdpl(ma->masks[i]);
		struct vdp_flow *flow;

		if (!mask)
			break;
		flow = masked_lookup(tbl, key, mask, &n_mask_hit);
		if (flow && flow->unmasked_key && keys_equal(flow->unmasked_key, key))
			return flow;
	}
	return NULL;
}

/* rcu_read_lock or vdp_mutex. */
struct vdp_flow *vdp_flow_tbl_lookup_ufid(struct vdp_flow_table *tbl,
					  const u8 *ufid, u8 ufid_len)
{
	struct vdp_flow *flow;

	hlist_for_each_entry_rcu(flow, ufid_bucket(tbl, ufid, ufid_len),
				 ufid_node, lockdep_is_held(&vdp_mutex))
		if (flow->ufid_len == ufid_len && !memcmp(flow->ufid, ufid, ufid_len))
			return flow;
	return NULL;
}

/* The table's mask equal to @key, a new one appended to the list, or NULL. */
static struct vdp_flow_mask *mask_get(struct vdp_flow_table *tbl,
				      const struct vdp_flow_key *key)
{
	struct vdp_mask_array *ma = vdpl_dereference(tbl->masks);
	struct vdp_flow_mask *mask;
	int i;

	for (i = 0; i < ma->count; i++) {
		mask = vdpl_dereference(ma->masks[i]);
		if (keys_equal(&mask->key, key)) {
			mask->ref_count++;
			return mask;
		}
	}

	mask = kmalloc(sizeof(*mask), GFP_KERNEL_ACCOUNT);
	if (!mask)
		return NULL;
	mask->key = *key;
	mask->ref_count = 1;

	if (ma->count >= ma->max) {
		struct vdp_mask_array *new = mask_array_alloc(ma->max * 2);

		if (!new) {
			kfree(mask);
			return NULL;
		}
		for (i = 0; i < ma->count; i++)
			RCU_INIT_POINTER(new->masks[i], vdpl_dereference(ma->masks[i]));
		new->count = ma->count;
		rcu_assign_pointer(tbl->masks, new);
		kfree_rcu(ma, rcu);
		ma = new;
	}
	rcu_assign_pointer(ma->masks[ma->count], mask);
	WRITE_ONCE(ma->count, ma->count + 1);
	return mask;
}

/* The last user of @mask is gone: the last mask takes its slot. */
static void mask_put(struct vdp_flow_table *tbl, struct vdp_flow_mask *mask)
{
	struct vdp_mask_array *ma = vdpl_dereference(tbl->masks);
	int i, last;

	if (--mask->ref_count)
		return;
	for (i = 0; i < ma->count; i++)
		if (vdpl_dereference(ma->masks[i]) == mask)
			break;
	if (WARN_ON_ONCE(i == ma->count))
		return;
	last = ma->count - 1;
	rcu_assign_pointer(ma->masks[i], vdpl_dereference(ma->masks[last]));
	RCU_INIT_POINTER(ma->masks[last], NULL);
	WRITE_ONCE(ma->count, last);
	kfree_rcu(mask, rcu);
}

/**
 * vdp_flow_tbl_insert - add a flow
 * @tbl: the table.
 * @flow: the flow, with its masked key and identifier set.
 * @mask: its mask.
 *
 * Called with vdp_mutex.  Return: 0, -ENOSPC (table full) or -ENOMEM.
 */
int vdp_flow_tbl_insert(struct vdp_flow_table *tbl, struct vdp_flow *flow,
			const struct vdp_flow_key *mask)
{
	if (tbl->count >= VDP_FLOW_MAX)
		return -ENOSPC;
	flow->mask = mask_get(tbl, mask);
	if (!flow->mask)
		return -ENOMEM;
	hlist_add_head_rcu(&flow->node,
			   key_bucket(tbl, key_hash(&flow->key, flow->mask)));
	if (flow->ufid_len)
		hlist_add_head_rcu(&flow->ufid_node,
				   ufid_bucket(tbl, flow->ufid, flow->ufid_len));
	tbl->count++;
	return 0;
}

/* Called with vdp_mutex; the caller frees the flow after a grace period. */
void vdp_flow_tbl_remove(struct vdp_flow_table *tbl, struct vdp_flow *flow)
{
	hlist_del_rcu(&flow->node);
	if (flow->ufid_len)
		hlist_del_rcu(&flow->ufid_node);
	mask_put(tbl, flow->mask);
	tbl->count--;
}

/* Remove and free every flow.  Called with vdp_mutex. */
void vdp_flow_tbl_flush(struct vdp_flow_table *tbl)
{
	struct vdp_flow *flow;
	struct hlist_node *n;
	int i;

	for (i = 0; i < VDP_FLOW_BUCKETS; i++)
		hlist_for_each_entry_safe(flow, n, &tbl->buckets[i], node) {
			vdp_flow_tbl_remove(tbl, flow);
			vdp_flow_free_rcu(flow);
		}
}

/*
 * The flow at position *@idx of bucket *@bucket or the next one after it;
 * the position is advanced past it.  Under RCU.
 */
struct vdp_flow *vdp_flow_tbl_dump_next(struct vdp_flow_table *tbl,
					u32 *bucket, u32 *idx)
{
	for (; *bucket < VDP_FLOW_BUCKETS; (*bucket)++, *idx = 0) {
		struct vdp_flow *flow;
		u32 i = 0;

		hlist_for_each_entry_rcu(flow, &tbl->buckets[*bucket], node) {
			if (i++ < *idx)
				continue;
			(*idx)++;
			return flow;
		}
	}
	return NULL;
}

struct vdp_flow *vdp_flow_alloc(void)
{
	struct vdp_flow *flow;

	flow = kzalloc(sizeof(*flow), GFP_KERNEL_ACCOUNT);
	if (!flow)
		return NULL;
	flow->stats = alloc_percpu_gfp(struct vdp_flow_stats,
				       GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!flow->stats) {
		kfree(flow);
		return NULL;
	}
	return flow;
}

static void actions_free(struct vdp_flow_actions *acts)
{
	int i;

	if (!acts)
		return;
	for (i = 0; i < acts->n; i++)
		if (acts->acts[i].type == VDP_ACT_SET_TUNNEL)
			dst_release((struct dst_entry *)acts->acts[i].tun_dst);
	kfree(acts);
}

static void actions_free_rcu(struct rcu_head *rcu)
{
	actions_free(container_of(rcu, struct vdp_flow_actions, rcu));
}

void vdp_flow_actions_free_rcu(struct vdp_flow_actions *acts)
{
	if (acts)
		call_rcu(&acts->rcu, actions_free_rcu);
}

/* A flow no reader has seen (or after a grace period). */
void vdp_flow_free(struct vdp_flow *flow)
{
	actions_free(rcu_dereference_raw(flow->acts));
	kfree(flow->unmasked_key);
	free_percpu(flow->stats);
	kfree(flow);
}

static void flow_free_rcu(struct rcu_head *rcu)
{
	vdp_flow_free(container_of(rcu, struct vdp_flow, rcu));
}

void vdp_flow_free_rcu(struct vdp_flow *flow)
{
	call_rcu(&flow->rcu, flow_free_rcu);
}

/* Receive path, bottom halves disabled. */
void vdp_flow_stats_update(struct vdp_flow *flow, __be16 tcp_flags,
			   unsigned int len)
{
	struct vdp_flow_stats *s = this_cpu_ptr(flow->stats);

	u64_stats_update_begin(&s->syncp);
	s->packets++;
	s->bytes += len;
	s->used = jiffies;
	s->tcp_flags |= ntohs(tcp_flags);
	u64_stats_update_end(&s->syncp);
}

void vdp_flow_stats_get(const struct vdp_flow *flow, struct ovs_flow_stats *st,
			unsigned long *used, u16 *tcp_flags)
{
	int cpu;

	memset(st, 0, sizeof(*st));
	*used = 0;
	*tcp_flags = 0;
	for_each_possible_cpu(cpu) {
		const struct vdp_flow_stats *s = per_cpu_ptr(flow->stats, cpu);
		u64 packets, bytes;
		unsigned long u;
		unsigned int start;
		u16 f;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = s->packets;
			bytes = s->bytes;
			u = s->used;
			f = s->tcp_flags;
		} while (u64_stats_fetch_retry(&s->syncp, start));

		st->n_packets += packets;
		st->n_bytes += bytes;
		*tcp_flags |= f;
		if (u && (!*used || time_after(u, *used)))
			*used = u;
	}
}

/* Called with vdp_mutex; a packet counted meanwhile may survive. */
void vdp_flow_stats_clear(struct vdp_flow *flow)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct vdp_flow_stats *s = per_cpu_ptr(flow->stats, cpu);

		local_bh_disable();
		u64_stats_update_begin(&s->syncp);
		s->packets = 0;
		s->bytes = 0;
		s->used = 0;
		s->tcp_flags = 0;
		u64_stats_update_end(&s->syncp);
		local_bh_enable();
	}
}
