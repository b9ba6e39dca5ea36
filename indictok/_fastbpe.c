/* The two-stage encoder behind indictok.fastbpe (read that module's docstring first).

   Encoder(tokens, stage_limit, multiword, punct).encode(text) gives exactly the ids of
   tiktoken.Encoding(pat_str=<our superword pattern>, mergeable_ranks={tokens[i]: i})
   .encode_ordinary(text):
   1. the split pattern, hand-written for our three pattern versions (pretokenize.py):
      INDIC_RUN [SENTENCE_PUNCT] | LATIN_WORD | NUMBER | PUNCT | NEWLINES | SPACES, with the
      same alternation order and backtracking results as tiktoken's regex engine; the
      character classes come from unicode_classes.h, generated from that engine;
   2. a piece that is a token is that token (tiktoken's shortcut);
   3. a run of several words: each word (and the punctuation) is encoded with the merges
      below `stage_limit` only (cached per word), then tiktoken's merge loop continues on
      the whole run with every merge; any other piece: the merge loop from bytes (cached).
   tiktoken's merge loop: merge the adjacent pair whose joined bytes have the lowest rank,
   leftmost first, until no joined pair is a token. Ranks are ids.
   encode_unless_long(text, long_run) first looks for a run of `long_run` non-space
   characters (the merge loop's time grows with the square of a piece's length) and returns
   None when it finds one: the caller then encodes the text with tiktoken. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unicode_classes.h"

enum { C_INDIC = 1, C_LATM = 2, C_NUM = 4, C_PUNCT = 8, C_SPACE = 16 };
#define NO_RANK UINT32_MAX
#define CACHE_FIRST_SLOTS (1u << 12) /* a cache doubles when half full, up to: */
#define CACHE_MAX_SLOTS (1u << 18)   /* then it keeps what it has */
#define MAX_CACHED_PIECE 256      /* bytes; longer pieces are encoded every time */

static uint8_t *char_class; /* one byte per code point, built from unicode_classes.h */

static void build_char_class(void) {
    char_class = calloc(0x110000, 1);
    if (!char_class) return;
    size_t n = sizeof(CLASS_RANGES) / sizeof(CLASS_RANGES[0]);
    for (size_t i = 0; i < n; i++) {
        uint32_t end = i + 1 < n ? CLASS_RANGES[i + 1].start : 0x110000;
        memset(char_class + CLASS_RANGES[i].start, CLASS_RANGES[i].bits,
               end - CLASS_RANGES[i].start);
    }
}

/* ---- growable buffers ------------------------------------------------------------ */

typedef struct { uint32_t *data; size_t len, cap; } IdBuf;

static int idbuf_reserve(IdBuf *b, size_t extra) {
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra) cap *= 2;
    uint32_t *data = realloc(b->data, cap * sizeof(uint32_t));
    if (!data) return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

static int idbuf_extend(IdBuf *b, const uint32_t *ids, size_t n) {
    if (idbuf_reserve(b, n)) return -1;
    memcpy(b->data + b->len, ids, n * sizeof(uint32_t));
    b->len += n;
    return 0;
}

static uint64_t hash_bytes(const uint8_t *s, size_t n) { /* FNV-1a, then mixed */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    h ^= h >> 29;
    return h ? h : 1;
}

/* ---- piece cache: bytes -> ids ----------------------------------------------------- */

typedef struct { uint64_t hash; uint32_t key_off, key_len, ids_off, ids_len; } Slot;

typedef struct {
    Slot *slots;
    size_t mask, used;
    uint8_t *keys;
    size_t keys_len, keys_cap;
    IdBuf ids;
} Cache;

static int cache_init(Cache *c) {
    memset(c, 0, sizeof(*c));
    c->slots = calloc(CACHE_FIRST_SLOTS, sizeof(Slot));
    c->mask = CACHE_FIRST_SLOTS - 1;
    return c->slots ? 0 : -1;
}

static void cache_free(Cache *c) {
    free(c->slots);
    free(c->keys);
    free(c->ids.data);
}

static const Slot *cache_get(const Cache *c, const uint8_t *s, size_t n, uint64_t h) {
    for (size_t i = h & c->mask;; i = (i + 1) & c->mask) {
        const Slot *slot = &c->slots[i];
        if (!slot->hash) return NULL;
        if (slot->hash == h && slot->key_len == n && !memcmp(c->keys + slot->key_off, s, n))
            return slot;
    }
}

static void cache_grow(Cache *c) {
    size_t size = (c->mask + 1) * 2;
    Slot *slots = calloc(size, sizeof(Slot));
    if (!slots) return;
    for (size_t k = 0; k <= c->mask; k++) {
        if (!c->slots[k].hash) continue;
        size_t i = c->slots[k].hash & (size - 1);
        while (slots[i].hash) i = (i + 1) & (size - 1);
        slots[i] = c->slots[k];
    }
    free(c->slots);
    c->slots = slots;
    c->mask = size - 1;
}

static void cache_put(Cache *c, const uint8_t *s, size_t n, uint64_t h, const uint32_t *ids,
                      size_t count) {
    if (n > MAX_CACHED_PIECE) return;
    if (c->used >= (c->mask + 1) / 2 && c->mask + 1 < CACHE_MAX_SLOTS) cache_grow(c);
    if (c->used >= (c->mask + 1) / 2) return;
    if (c->keys_len + n > c->keys_cap) {
        size_t cap = c->keys_cap ? c->keys_cap * 2 : 1 << 16;
        uint8_t *keys = realloc(c->keys, cap);
        if (!keys) return;
        c->keys = keys;
        c->keys_cap = cap;
    }
    size_t ids_off = c->ids.len;
    if (idbuf_extend(&c->ids, ids, count)) return;
    size_t i = h & c->mask;
    while (c->slots[i].hash) i = (i + 1) & c->mask;
    memcpy(c->keys + c->keys_len, s, n);
    c->slots[i] = (Slot){h, (uint32_t)c->keys_len, (uint32_t)n, (uint32_t)ids_off,
                         (uint32_t)count};
    c->keys_len += n;
    c->used++;
}

/* ---- the encoder ------------------------------------------------------------------- */

typedef struct { uint64_t pair; uint32_t merged; } PairSlot; /* merged == NO_RANK: empty */

typedef struct {
    PyObject_HEAD
    uint32_t n_tokens, stage_limit;
    int multiword, punct;
    uint8_t *token_bytes; /* all tokens' bytes, back to back */
    uint32_t *token_off, *token_len;
    uint64_t *token_hash; /* whole-piece lookup: open addressing over ids */
    uint32_t *token_table, token_mask;
    PairSlot *pairs;
    uint32_t pair_mask;
    Cache whole, stage1;
    IdBuf work, scratch;
    uint32_t *rank_buf;
    size_t rank_cap;
    pthread_mutex_t lock;
} Encoder;

static uint64_t pair_hash(uint64_t pair) {
    pair *= 0x9E3779B97F4A7C15ull;
    return pair ^ (pair >> 31);
}

static uint32_t pair_lookup(const Encoder *e, uint32_t a, uint32_t b) {
    uint64_t key = ((uint64_t)a << 32) | b;
    for (uint32_t i = pair_hash(key) & e->pair_mask;; i = (i + 1) & e->pair_mask) {
        if (e->pairs[i].merged == NO_RANK) return NO_RANK;
        if (e->pairs[i].pair == key) return e->pairs[i].merged;
    }
}

static void pair_insert(Encoder *e, uint32_t a, uint32_t b, uint32_t merged) {
    uint64_t key = ((uint64_t)a << 32) | b;
    uint32_t i = pair_hash(key) & e->pair_mask;
    while (e->pairs[i].merged != NO_RANK && e->pairs[i].pair != key) i = (i + 1) & e->pair_mask;
    if (e->pairs[i].merged == NO_RANK || merged < e->pairs[i].merged)
        e->pairs[i] = (PairSlot){key, merged};
}

static uint32_t token_lookup(const Encoder *e, const uint8_t *s, size_t n) {
    uint64_t h = hash_bytes(s, n);
    for (uint32_t i = h & e->token_mask;; i = (i + 1) & e->token_mask) {
        uint32_t id = e->token_table[i];
        if (id == NO_RANK) return NO_RANK;
        if (e->token_hash[id] == h && e->token_len[id] == n &&
            !memcmp(e->token_bytes + e->token_off[id], s, n))
            return id;
    }
}

/* tiktoken's merge loop on ids[0..n), using only merges whose rank is below `limit`. */
static size_t merge_loop(Encoder *e, uint32_t *ids, size_t n, uint32_t limit) {
    if (n < 2) return n;
    if (n > e->rank_cap) {
        uint32_t *buf = realloc(e->rank_buf, n * sizeof(uint32_t));
        if (!buf) return (size_t)-1;
        e->rank_buf = buf;
        e->rank_cap = n;
    }
    uint32_t *rank = e->rank_buf; /* rank[i]: rank of (ids[i], ids[i+1]) */
    for (size_t i = 0; i + 1 < n; i++) {
        uint32_t r = pair_lookup(e, ids[i], ids[i + 1]);
        rank[i] = r < limit ? r : NO_RANK;
    }
    for (;;) {
        uint32_t best = NO_RANK;
        size_t at = 0;
        for (size_t i = 0; i + 1 < n; i++)
            if (rank[i] < best) best = rank[i], at = i;
        if (best == NO_RANK) return n;
        ids[at] = best;
        memmove(ids + at + 1, ids + at + 2, (n - at - 2) * sizeof(uint32_t));
        memmove(rank + at, rank + at + 1, (n - at - 2) * sizeof(uint32_t));
        n--;
        if (at > 0) {
            uint32_t r = pair_lookup(e, ids[at - 1], ids[at]);
            rank[at - 1] = r < limit ? r : NO_RANK;
        }
        if (at + 1 < n) {
            uint32_t r = pair_lookup(e, ids[at], ids[at + 1]);
            rank[at] = r < limit ? r : NO_RANK;
        }
    }
}

/* Ids of one piece (whole-piece shortcut when `whole`), appended to `out`, via `cache`. */
static int encode_piece(Encoder *e, const uint8_t *s, size_t n, int whole, IdBuf *out) {
    Cache *cache = whole ? &e->whole : &e->stage1;
    uint64_t h = hash_bytes(s, n);
    const Slot *hit = cache_get(cache, s, n, h);
    if (hit) return idbuf_extend(out, cache->ids.data + hit->ids_off, hit->ids_len);
    size_t start = out->len;
    uint32_t id = whole ? token_lookup(e, s, n) : NO_RANK;
    if (id != NO_RANK) {
        if (idbuf_extend(out, &id, 1)) return -1;
    } else {
        if (idbuf_reserve(out, n)) return -1;
        for (size_t i = 0; i < n; i++) out->data[start + i] = s[i];
        size_t m = merge_loop(e, out->data + start, n, whole ? NO_RANK : e->stage_limit);
        if (m == (size_t)-1) return -1;
        out->len = start + m;
    }
    cache_put(cache, s, n, h, out->data + start, out->len - start);
    return 0;
}

/* ---- the split pattern ------------------------------------------------------------- */

static inline uint32_t decode_at(const uint8_t *s, size_t n, size_t i, size_t *len) {
    uint8_t c = s[i];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xE0 && i + 1 < n) { *len = 2; return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F); }
    if (c < 0xF0 && i + 2 < n) {
        *len = 3;
        return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    }
    if (i + 3 < n) {
        *len = 4;
        return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
               (s[i + 3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

static inline uint8_t class_at(const uint8_t *s, size_t n, size_t i, size_t *len) {
    if (i >= n) { *len = 0; return 0; }
    return char_class[decode_at(s, n, i, len)];
}

static int is_sentence_punct(uint32_t cp) {
    switch (cp) {
    case 0x0964: case 0x0965: case ',': case '?': case '!': case ':': case ';':
    case 0x06D4: case 0x060C: case 0x061F: return 1;
    default: return 0;
    }
}

/* End of the run of characters of class `want` starting at i. */
static size_t class_run(const uint8_t *s, size_t n, size_t i, uint8_t want) {
    size_t len;
    while (i < n && (class_at(s, n, i, &len) & want)) i += len;
    return i;
}

/* ` ?X`: where X (class `want`) starts at i, or (size_t)-1. */
static size_t after_optional_space(const uint8_t *s, size_t n, size_t i, uint8_t want) {
    size_t len;
    if (s[i] == ' ' && (class_at(s, n, i + 1, &len) & want)) return i + 1;
    return (class_at(s, n, i, &len) & want) ? i : (size_t)-1;
}

typedef struct { size_t end; int is_run; } Piece;

/* The piece starting at i; `bounds` gets the run's word and punctuation starts (after the
   first). end == i: no alternative matches here (the character is skipped, as find_iter). */
static Piece next_piece(const Encoder *e, const uint8_t *s, size_t n, size_t i, IdBuf *bounds) {
    size_t j, len;
    bounds->len = 0;
    if ((j = after_optional_space(s, n, i, C_INDIC)) != (size_t)-1) { /* INDIC_RUN */
        j = class_run(s, n, j, C_INDIC);
        while (e->multiword && j + 1 < n && s[j] == ' ' && (class_at(s, n, j + 1, &len) & C_INDIC)) {
            if (idbuf_extend(bounds, (uint32_t[]){(uint32_t)j}, 1)) return (Piece){i, -1};
            j = class_run(s, n, j + 1, C_INDIC);
        }
        if (e->punct && j < n && is_sentence_punct(decode_at(s, n, j, &len))) {
            if (idbuf_extend(bounds, (uint32_t[]){(uint32_t)j}, 1)) return (Piece){i, -1};
            j += len;
        }
        return (Piece){j, 1};
    }
    if ((j = after_optional_space(s, n, i, C_LATM)) != (size_t)-1) { /* LATIN_WORD */
        j = class_run(s, n, j, C_LATM);
        for (;;) {
            uint32_t cp = j < n ? decode_at(s, n, j, &len) : 0;
            size_t len2;
            if ((cp != '\'' && cp != 0x2019) || !(class_at(s, n, j + len, &len2) & C_LATM)) break;
            j = class_run(s, n, j + len, C_LATM);
        }
        return (Piece){j, 0};
    }
    if ((j = after_optional_space(s, n, i, C_NUM)) != (size_t)-1) { /* NUMBER */
        for (int k = 0; k < 3 && j < n && (class_at(s, n, j, &len) & C_NUM); k++) j += len;
        return (Piece){j, 0};
    }
    if ((j = after_optional_space(s, n, i, C_PUNCT)) != (size_t)-1) { /* PUNCT */
        j = class_run(s, n, j, C_PUNCT);
        while (j < n && (s[j] == '\r' || s[j] == '\n')) j++;
        return (Piece){j, 0};
    }
    if (class_at(s, n, i, &len) & C_SPACE) { /* NEWLINES, then SPACES */
        size_t end = class_run(s, n, i, C_SPACE), last_break = 0, prev = i, k = i;
        while (k < end) {
            if (s[k] == '\r' || s[k] == '\n') last_break = k + 1;
            prev = k;
            class_at(s, n, k, &len);
            k += len;
        }
        if (last_break) return (Piece){last_break, 0};
        if (end == n || prev == i) return (Piece){end, 0};
        return (Piece){prev, 0}; /* leave the last space to the next piece */
    }
    class_at(s, n, i, &len);
    return (Piece){i + len, 2}; /* no alternative: skipped */
}

/* ---- encode ---------------------------------------------------------------------- */

static int encode_run(Encoder *e, const uint8_t *s, size_t start, size_t end, IdBuf *bounds,
                      IdBuf *out) {
    uint32_t id = token_lookup(e, s + start, end - start);
    if (id != NO_RANK) return idbuf_extend(out, &id, 1);
    IdBuf *work = &e->work;
    work->len = 0;
    size_t from = start;
    for (size_t k = 0; k <= bounds->len; k++) {
        size_t to = k < bounds->len ? bounds->data[k] : end;
        if (encode_piece(e, s + from, to - from, 0, work)) return -1;
        from = to;
    }
    size_t m = merge_loop(e, work->data, work->len, NO_RANK);
    if (m == (size_t)-1) return -1;
    return idbuf_extend(out, work->data, m);
}

static int encode_bytes(Encoder *e, const uint8_t *s, size_t n, IdBuf *out) {
    IdBuf *bounds = &e->scratch;
    size_t i = 0;
    while (i < n) {
        Piece p = next_piece(e, s, n, i, bounds);
        if (p.is_run < 0) return -1;
        int rc = 0;
        if (p.is_run == 1 && bounds->len)
            rc = encode_run(e, s, i, p.end, bounds, out);
        else if (p.is_run != 2)
            rc = encode_piece(e, s + i, p.end - i, 1, out);
        if (rc) return -1;
        i = p.end;
    }
    return 0;
}

/* Whether the str `text` holds `limit` or more characters in a row that are not
   whitespace (str.isspace, the `\S` of Python's `re`); limit 0: never. It reads the str's own
   code points (one, two or four bytes each); `is_space` is str.isspace below U+3001, the
   last whitespace character (a test checks every code point). */
#define MAX_SPACE 0x3000
static uint8_t is_space[MAX_SPACE + 1];

static void build_is_space(void) {
    for (Py_UCS4 c = 0; c <= MAX_SPACE; c++) is_space[c] = Py_UNICODE_ISSPACE(c) ? 1 : 0;
}

/* Branch-free but for the end: is_space[0] is 0 (NUL is not whitespace). */
#define LONG_RUN_SCAN(TYPE)                                                                  \
    do {                                                                                     \
        const TYPE *d = (const TYPE *)data;                                                  \
        for (Py_ssize_t i = 0; i < n; i++) {                                                 \
            size_t space = is_space[d[i] <= MAX_SPACE ? d[i] : 0];                           \
            run = (run + 1) & (space - 1);                                                   \
            if (run >= limit) return 1;                                                      \
        }                                                                                    \
    } while (0)

static int has_long_run(int kind, const void *data, Py_ssize_t n, size_t limit) {
    size_t run = 0;
    if (!limit) return 0;
    if (kind == PyUnicode_1BYTE_KIND) LONG_RUN_SCAN(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND) LONG_RUN_SCAN(Py_UCS2);
    else LONG_RUN_SCAN(Py_UCS4);
    return 0;
}

/* The ids of `arg` as a list, or None when it holds a run of `long_run` non-space
   characters (0: no limit); both found without the GIL. */
static PyObject *encode_text(Encoder *self, PyObject *arg, size_t long_run) {
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "encode() takes a str, got %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    int kind = PyUnicode_KIND(arg), too_long;
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t chars = PyUnicode_GET_LENGTH(arg);
    Py_BEGIN_ALLOW_THREADS
    too_long = has_long_run(kind, data, chars, long_run);
    Py_END_ALLOW_THREADS
    if (too_long) Py_RETURN_NONE;
    Py_ssize_t n;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &n);
    if (!text) return NULL;
    IdBuf out = {0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&self->lock);
    rc = encode_bytes(self, (const uint8_t *)text, (size_t)n, &out);
    pthread_mutex_unlock(&self->lock);
    Py_END_ALLOW_THREADS
    if (rc) {
        free(out.data);
        return PyErr_NoMemory();
    }
    PyObject *list = PyList_New((Py_ssize_t)out.len);
    for (size_t i = 0; list && i < out.len; i++) {
        PyObject *id = PyLong_FromUnsignedLong(out.data[i]);
        if (!id) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)i, id);
    }
    free(out.data);
    return list;
}

static PyObject *Encoder_encode(Encoder *self, PyObject *arg) {
    return encode_text(self, arg, 0);
}

static PyObject *Encoder_encode_unless_long(Encoder *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t long_run;
    if (!PyArg_ParseTuple(args, "Un:encode_unless_long", &text, &long_run)) return NULL;
    if (long_run < 1) {
        PyErr_SetString(PyExc_ValueError, "long_run must be at least 1");
        return NULL;
    }
    return encode_text(self, text, (size_t)long_run);
}

/* ---- construction -------------------------------------------------------------------- */

static uint32_t power_of_two_above(size_t n) {
    uint32_t size = 1024;
    while (size < n * 2) size *= 2;
    return size;
}

/* Every way to cut a token in two tokens is a merge pair (tiktoken joins bytes). Each cut's
   two halves are found by polynomial hashes (the prefix's and the suffix's come from one pass
   over the token), so a token of L bytes costs O(L) plus a memcmp for each half that hashes
   to a token's length and value: linear in a 200,000-byte token, where hashing each half
   anew was quadratic (a minute holding the GIL). */
#define POLY_BASE 0x100000001B3ull

static uint64_t poly_key(uint64_t poly, size_t len) { return pair_hash(poly ^ ((uint64_t)len << 40)); }

static uint32_t poly_lookup(const Encoder *e, const uint32_t *index, uint32_t mask, const uint8_t *s,
                            size_t len, uint64_t poly) {
    for (uint32_t i = poly_key(poly, len) & mask;; i = (i + 1) & mask) {
        uint32_t id = index[i];
        if (id == NO_RANK) return NO_RANK;
        if (e->token_len[id] == len && !memcmp(e->token_bytes + e->token_off[id], s, len)) return id;
    }
}

static int add_cut_pairs(Encoder *e, uint32_t table_size) {
    size_t longest = 0;
    for (uint32_t id = 0; id < e->n_tokens; id++)
        if (e->token_len[id] > longest) longest = e->token_len[id];
    uint32_t *index = malloc(table_size * sizeof(uint32_t));
    uint64_t *prefix = malloc((longest + 1) * sizeof(uint64_t));
    uint64_t *power = malloc((longest + 1) * sizeof(uint64_t));
    uint64_t *poly = malloc(e->n_tokens * sizeof(uint64_t));
    if (!index || !prefix || !power || !poly) {
        free(index), free(prefix), free(power), free(poly);
        PyErr_NoMemory();
        return -1;
    }
    uint32_t mask = table_size - 1;
    memset(index, 0xFF, table_size * sizeof(uint32_t));
    power[0] = 1;
    for (size_t k = 1; k <= longest; k++) power[k] = power[k - 1] * POLY_BASE;
    for (uint32_t id = 0; id < e->n_tokens; id++) {
        const uint8_t *t = e->token_bytes + e->token_off[id];
        uint64_t h = 0;
        for (uint32_t k = 0; k < e->token_len[id]; k++) h = h * POLY_BASE + t[k];
        poly[id] = h;
        uint32_t i = poly_key(h, e->token_len[id]) & mask;
        while (index[i] != NO_RANK) i = (i + 1) & mask;
        index[i] = id;
    }
    for (uint32_t id = 0; id < e->n_tokens; id++) {
        const uint8_t *t = e->token_bytes + e->token_off[id];
        size_t len = e->token_len[id];
        prefix[0] = 0;
        for (size_t k = 0; k < len; k++) prefix[k + 1] = prefix[k] * POLY_BASE + t[k];
        for (size_t k = 1; k < len; k++) {
            uint32_t a = poly_lookup(e, index, mask, t, k, prefix[k]);
            if (a == NO_RANK) continue;
            uint64_t rest = poly[id] - prefix[k] * power[len - k];
            uint32_t b = poly_lookup(e, index, mask, t + k, len - k, rest);
            if (b != NO_RANK) pair_insert(e, a, b, id);
        }
    }
    free(index), free(prefix), free(power), free(poly);
    return 0;
}

static int build_tables(Encoder *e, PyObject *tokens) {
    Py_ssize_t count = PyList_GET_SIZE(tokens);
    size_t total = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *t = PyList_GET_ITEM(tokens, i);
        if (!PyBytes_Check(t) || PyBytes_GET_SIZE(t) == 0) {
            PyErr_Format(PyExc_TypeError, "token %zd is not a non-empty bytes object", i);
            return -1;
        }
        total += (size_t)PyBytes_GET_SIZE(t);
    }
    e->n_tokens = (uint32_t)count;
    e->token_bytes = malloc(total);
    e->token_off = malloc(count * sizeof(uint32_t));
    e->token_len = malloc(count * sizeof(uint32_t));
    e->token_hash = malloc(count * sizeof(uint64_t));
    uint32_t table_size = power_of_two_above((size_t)count);
    e->token_mask = table_size - 1;
    e->token_table = malloc(table_size * sizeof(uint32_t));
    uint32_t pair_size = power_of_two_above(total);
    e->pair_mask = pair_size - 1;
    e->pairs = malloc(pair_size * sizeof(PairSlot));
    if (!e->token_bytes || !e->token_off || !e->token_len || !e->token_hash ||
        !e->token_table || !e->pairs) {
        PyErr_NoMemory();
        return -1;
    }
    memset(e->token_table, 0xFF, table_size * sizeof(uint32_t));
    for (uint32_t i = 0; i <= e->pair_mask; i++) e->pairs[i].merged = NO_RANK;
    size_t off = 0;
    for (uint32_t id = 0; id < e->n_tokens; id++) {
        PyObject *t = PyList_GET_ITEM(tokens, id);
        size_t len = (size_t)PyBytes_GET_SIZE(t);
        memcpy(e->token_bytes + off, PyBytes_AS_STRING(t), len);
        e->token_off[id] = (uint32_t)off;
        e->token_len[id] = (uint32_t)len;
        e->token_hash[id] = hash_bytes(e->token_bytes + off, len);
        off += len;
        if (token_lookup(e, e->token_bytes + e->token_off[id], len) != NO_RANK) {
            PyErr_Format(PyExc_ValueError, "token %u repeats an earlier token's bytes", id);
            return -1;
        }
        uint32_t i = e->token_hash[id] & e->token_mask;
        while (e->token_table[i] != NO_RANK) i = (i + 1) & e->token_mask;
        e->token_table[i] = id;
    }
    return add_cut_pairs(e, table_size);
}

static int Encoder_init(Encoder *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"tokens", "stage_limit", "multiword", "punct", NULL};
    PyObject *tokens;
    unsigned int limit;
    int multiword, punct;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!Ipp", keywords, &PyList_Type, &tokens,
                                     &limit, &multiword, &punct))
        return -1;
    if (self->n_tokens) {
        PyErr_SetString(PyExc_RuntimeError, "Encoder is already initialised");
        return -1;
    }
    if (PyList_GET_SIZE(tokens) < 256 || PyList_GET_SIZE(tokens) >= (Py_ssize_t)NO_RANK) {
        PyErr_SetString(PyExc_ValueError, "tokens must start with the 256 single bytes");
        return -1;
    }
    for (int b = 0; b < 256; b++) {
        PyObject *t = PyList_GET_ITEM(tokens, b);
        if (!PyBytes_Check(t) || PyBytes_GET_SIZE(t) != 1 || (uint8_t)PyBytes_AS_STRING(t)[0] != b) {
            PyErr_Format(PyExc_ValueError, "token %d must be the single byte %d", b, b);
            return -1;
        }
    }
    self->stage_limit = limit;
    self->multiword = multiword;
    self->punct = punct;
    if (cache_init(&self->whole) || cache_init(&self->stage1)) {
        PyErr_NoMemory();
        return -1;
    }
    pthread_mutex_init(&self->lock, NULL);
    return build_tables(self, tokens);
}

static void Encoder_dealloc(Encoder *self) {
    free(self->token_bytes);
    free(self->token_off);
    free(self->token_len);
    free(self->token_hash);
    free(self->token_table);
    free(self->pairs);
    cache_free(&self->whole);
    cache_free(&self->stage1);
    free(self->work.data);
    free(self->scratch.data);
    free(self->rank_buf);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Encoder_methods[] = {
    {"encode", (PyCFunction)Encoder_encode, METH_O,
     "encode(text) -> list[int]: tiktoken's encode_ordinary ids, computed in two stages."},
    {"encode_unless_long", (PyCFunction)Encoder_encode_unless_long, METH_VARARGS,
     "encode_unless_long(text, long_run) -> list[int] | None: encode(text), or None when the "
     "text holds long_run or more non-space characters in a row (re's \\S{long_run})."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject EncoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "indictok._fastbpe.Encoder",
    .tp_basicsize = sizeof(Encoder),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Encoder(tokens, stage_limit, multiword, punct): see indictok.fastbpe.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Encoder_init,
    .tp_dealloc = (destructor)Encoder_dealloc,
    .tp_methods = Encoder_methods,
};

static PyObject *class_table(PyObject *module, PyObject *unused) {
    return PyBytes_FromStringAndSize((const char *)char_class, 0x110000);
}

static PyMethodDef module_methods[] = {
    {"class_table", class_table, METH_NOARGS,
     "class_table() -> bytes: the character class bits of every code point."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "indictok._fastbpe",
    "The compiled two-stage encoder (see indictok.fastbpe).", -1, module_methods,
};

PyMODINIT_FUNC PyInit__fastbpe(void) {
    build_char_class();
    build_is_space();
    if (!char_class || PyType_Ready(&EncoderType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (!m) return NULL;
    Py_INCREF(&EncoderType);
    if (PyModule_AddObject(m, "Encoder", (PyObject *)&EncoderType) < 0) {
        Py_DECREF(&EncoderType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
